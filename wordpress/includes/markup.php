<?php
// The library's markup for posts (README, "Markup"): a button with the
// post's ID, title and permalink, and the list widget. Both are the same
// for every reader: the script draws their state from the reader's cookie.

if (!defined('ABSPATH')) {
    exit;
}

// favorites_wp_button returns the button of a post (the current one when
// $post is null). Its label is the add message until the script draws it.
function favorites_wp_button($post = null, string $class = ''): string
{
    $post = get_post($post);
    if (!$post) {
        return '';
    }
    $title = html_entity_decode(wp_strip_all_tags(get_the_title($post)), ENT_QUOTES | ENT_HTML5, 'UTF-8');
    return sprintf(
        '<button type="button" class="%s" data-favorite="%s" data-favorite-title="%s" data-favorite-url="%s" aria-pressed="false">%s</button>',
        esc_attr(trim('favorites-button ' . $class)),
        esc_attr((string)$post->ID),
        esc_attr($title),
        esc_url(get_permalink($post)),
        esc_html(favorites_wp_message('add'))
    );
}

// favorites_wp_list returns the list widget, showing the newest $limit
// favourites (0: all).
function favorites_wp_list(int $limit = 0, string $class = ''): string
{
    return sprintf(
        '<div class="%s" data-favorites-list%s><p class="favorites-empty">%s</p></div>',
        esc_attr(trim('favorites-list ' . $class)),
        $limit > 0 ? ' data-favorites-limit="' . esc_attr((string)$limit) . '"' : '',
        esc_html(favorites_wp_message('empty'))
    );
}

// The button in posts' content, where the settings put it; not in feeds
// nor in the REST API's copy of the content. (Block themes render the
// content outside "the loop", so in_the_loop() would miss them.)
add_filter('the_content', function ($content) {
    $where = favorites_wp_settings()['autoshow'];
    if ($where === 'off' || is_feed() || (defined('REST_REQUEST') && REST_REQUEST) || get_post_type() !== 'post') {
        return $content;
    }
    $button = '<p class="favorites-button-wrap">' . favorites_wp_button() . '</p>';
    return $where === 'before' ? $button . $content : $content . $button;
}, 20);

add_shortcode('favorites', function ($atts) {
    $atts = shortcode_atts(['limit' => 0], $atts, 'favorites');
    return favorites_wp_list((int)$atts['limit']);
});

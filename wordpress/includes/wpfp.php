<?php
// The API of WP Favorite Posts (wpfp), for themes written for it: its
// shortcode and template tags, with their parameters, printing the
// library's markup. Loaded only when wpfp itself is not active (see
// favorites-wordpress.php). wpfp rendered each reader's list on the server
// and answered clicks through admin-ajax.php; here the page is the same for
// every reader and the script does both, so parameters that chose a
// reader's state (wpfp_link's $action) are accepted and have no effect.

if (!defined('ABSPATH')) {
    exit;
}

// wpfp_get_option returns one of wpfp's options: for its texts, the text
// this plugin shows.
function wpfp_get_option($opt)
{
    $key = array_search($opt, FAVORITES_WP_MESSAGES, true);
    if ($key !== false && $opt !== '') {
        return favorites_wp_message($key);
    }
    $w = get_option('wpfp_options');
    return is_array($w) && isset($w[$opt]) ? $w[$opt] : '';
}

// wpfp_link prints (or returns, when $return) the current post's button.
function wpfp_link($return = 0, $action = '', $show_span = 1, $args = array())
{
    $post = isset($args['post_id']) ? $args['post_id'] : null;
    $str = favorites_wp_button($post, 'wpfp-link');
    if ($show_span) {
        $str = "<span class='wpfp-span'>" . $str . '</span>';
    }
    if ($return) {
        return $str;
    }
    echo $str;
}

// wpfp_list_favorite_posts prints the list widget, with its clear control
// and the cookie warning. $args['limit'] shows only the newest ones.
function wpfp_list_favorite_posts($args = array())
{
    $limit = is_array($args) && isset($args['limit']) ? (int)$args['limit'] : 0;
    echo favorites_wp_list($limit, 'wpfp-list');
}

// wpfp_clear_list_link prints a control that clears the reader's list.
function wpfp_clear_list_link()
{
    printf('<button type="button" class="wpfp-link" data-favorites-clear>%s</button>', esc_html(favorites_wp_message('clear')));
}

// wpfp_cookie_warning prints the warning that the list lives in cookies.
function wpfp_cookie_warning()
{
    printf('<p class="favorites-warning">%s</p>', esc_html(favorites_wp_message('warning')));
}

// wpfp_remove_favorite_link prints a control that removes a post from the
// reader's list (wpfp's page template calls it for each entry).
function wpfp_remove_favorite_link($post_id)
{
    printf('<button type="button" class="wpfp-link" data-favorites-remove="%s">%s</button>',
        esc_attr((string)$post_id), esc_html(favorites_wp_message('rem')));
}

// wpfp_get_users_favorites returns the ids of the reader's posts, read
// from the list's cookie, newest last. It is the one function here that
// depends on the reader: a page that calls it is that reader's own and
// must not be served from a shared cache. Kept so that themes calling it
// go on working; the markup above needs no such call.
function wpfp_get_users_favorites($user = '')
{
    $ids = [];
    foreach (favorites_read(favorites_wp_cookie_name()) as $item) {
        $ids[] = ctype_digit($item['id']) ? (int)$item['id'] : $item['id'];
    }
    return $ids;
}

// wpfp_check_favorited tells whether the reader's list holds the post; it
// depends on the reader, as wpfp_get_users_favorites does.
function wpfp_check_favorited($cid)
{
    return in_array((string)$cid, array_map('strval', wpfp_get_users_favorites()), true);
}

// wpfp_list_most_favorited prints the posts wpfp counted most often (its
// post meta wpfp_favorites): those counts stay as wpfp left them, as the
// lists now live in readers' browsers, which count nothing on the server.
function wpfp_list_most_favorited($limit = 5)
{
    $posts = get_posts([
        'meta_key' => 'wpfp_favorites',
        'orderby' => 'meta_value_num',
        'order' => 'DESC',
        'posts_per_page' => (int)$limit,
    ]);
    echo '<ul class="wpfp-most-favorited">';
    foreach ($posts as $p) {
        printf('<li><a href="%s">%s</a> (%d)</li>', esc_url(get_permalink($p)), esc_html(get_the_title($p)),
            (int)get_post_meta($p->ID, 'wpfp_favorites', true));
    }
    echo '</ul>';
}

add_shortcode('wp-favorite-posts', function ($atts) {
    $atts = shortcode_atts(['limit' => 0], $atts, 'wp-favorite-posts');
    return favorites_wp_list((int)$atts['limit'], 'wpfp-list');
});

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

add_shortcode('wp-favorite-posts', function ($atts) {
    $atts = shortcode_atts(['limit' => 0], $atts, 'wp-favorite-posts');
    return favorites_wp_list((int)$atts['limit'], 'wpfp-list');
});

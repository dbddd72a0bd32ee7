<?php
// The library on the front end: favorites.js (which loads the .wasm beside
// it when a reader needs it), favorites.css, and migrate.js, which imports
// the lists of WP Favorite Posts and Favorites once per reader.

if (!defined('ABSPATH')) {
    exit;
}

add_action('wp_enqueue_scripts', function () {
    $url = plugins_url('assets/', FAVORITES_WP_FILE);
    // Deferred, in the footer: the script reads the markup once the page is
    // parsed, and never holds up its first paint. WordPress before 6.3
    // takes the fifth argument as a bare "in footer" flag and ignores the
    // strategy: favorites_wp_script_tag adds defer there.
    $args = ['in_footer' => true, 'strategy' => 'defer'];
    wp_register_script('favorites', $url . 'favorites.js', [], FAVORITES_WP_VERSION, $args);
    wp_register_script('favorites-migrate', $url . 'migrate.js', ['favorites'], FAVORITES_WP_VERSION, $args);
    wp_enqueue_script('favorites');
    wp_enqueue_script('favorites-migrate');
    wp_enqueue_style('favorites', $url . 'favorites.css', [], FAVORITES_WP_VERSION);
});

// favorites_wp_script_attributes are the data- attributes of the library's
// script tag: its options (README, "Options") and data-endpoint, the renew
// route. They are the same for every reader.
function favorites_wp_script_attributes(): array
{
    $s = favorites_wp_settings();
    $a = [];
    if ($s['cookie_name'] !== '') {
        $a['data-cookie-name'] = $s['cookie_name'];
    }
    if ($s['max_items'] !== '') {
        $a['data-max-items'] = $s['max_items'];
    }
    foreach (FAVORITES_WP_MESSAGES as $key => $unused) {
        $text = favorites_wp_message($key);
        if ($text !== FAVORITES_WP_DEFAULTS[$key]) {
            $a['data-message-' . $key] = $text;
        }
    }
    // The shim posts to ENDPOINT + "/renew", same-origin only:
    // rest_url('favorites/v1') ends in the route's namespace, also with
    // plain permalinks ("/index.php?rest_route=/favorites/v1"), and as a
    // path it is the page's own origin whatever host the page came by.
    $a['data-endpoint'] = favorites_wp_path(rest_url('favorites/v1'));
    return $a;
}

// favorites_wp_path returns a URL of the site as a path, without a
// trailing slash.
function favorites_wp_path(string $url): string
{
    return untrailingslashit(wp_make_link_relative($url));
}

add_filter('script_loader_tag', 'favorites_wp_script_tag', 10, 2);

// favorites_wp_script_tag adds the options to the library's tag, the REST
// root to migrate.js's, and defer to both where WordPress did not.
function favorites_wp_script_tag(string $tag, string $handle): string
{
    if ($handle === 'favorites') {
        $attrs = favorites_wp_script_attributes();
    } elseif ($handle === 'favorites-migrate') {
        $attrs = ['data-rest' => favorites_wp_path(rest_url())];
    } else {
        return $tag;
    }
    $add = '';
    if (!preg_match('/<script[^>]*\sdefer[\s=>]/', $tag)) {
        $add .= ' defer';
    }
    foreach ($attrs as $name => $value) {
        $add .= ' ' . $name . '="' . esc_attr($value) . '"';
    }
    return preg_replace('/<script(?=[\s>])/', '<script' . $add, $tag, 1);
}

<?php
/**
 * Plugin Name:       Favorites (cookie, WebAssembly)
 * Description:       Readers' favourite posts, kept in their own browser. A drop-in for WP Favorite Posts: its shortcode, template tags and texts keep working, and readers keep their saved posts. Safe behind any page cache.
 * Version:           1.0.0
 * Requires at least: 5.9
 * Requires PHP:      7.4
 * License:           see the project's LICENSE
 * Text Domain:       favorites-wordpress
 */

// Nothing this plugin prints depends on the reader: the list lives in the
// reader's cookie and is drawn by the library's script in the browser. So a
// page may be cached whole and served to every reader (see README,
// "WordPress").

if (!defined('ABSPATH')) {
    exit;
}

define('FAVORITES_WP_VERSION', '1.0.0');
define('FAVORITES_WP_FILE', __FILE__);
define('FAVORITES_WP_DIR', __DIR__);

// The server recipe (recipes/php in the project), shipped in lib/ by make
// build. A site that already loaded it elsewhere keeps its copy: the two
// are the same code, and defining its constants twice would be fatal.
if (!function_exists('favorites_renew')) {
    require_once __DIR__ . '/lib/favorites.php';
}

require_once __DIR__ . '/includes/settings.php';
require_once __DIR__ . '/includes/assets.php';
require_once __DIR__ . '/includes/markup.php';
require_once __DIR__ . '/includes/widget.php';
require_once __DIR__ . '/includes/block.php';
require_once __DIR__ . '/includes/rest.php';

// wpfp's API is defined once every plugin has loaded, and only when wpfp
// did not define it: plugins load in the order of their folder names, so
// at this point wpfp (wp-favorite-posts) has not loaded yet.
add_action('plugins_loaded', function () {
    if (!function_exists('wpfp_link')) {
        require_once __DIR__ . '/includes/wpfp.php';
    }
});

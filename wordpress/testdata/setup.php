<?php
// Installs the test WordPress (wordpress_test.go) with WordPress's own
// functions, as wp-admin's installer does: the site, pretty permalinks,
// posts and pages, the theme, wpfp's options of a site that used it, the
// widget, and the plugin, activated from the folder the test unzipped
// dist/favorites-wordpress.zip into. It prints the ids and permalinks the
// tests use, in JSON.

$root = getenv('WP_DOCROOT');
define('ABSPATH', $root . '/');
define('WP_INSTALLING', true);
$url = parse_url(getenv('WP_URL'));
$_SERVER['HTTP_HOST'] = $url['host'] . ':' . $url['port'];
$_SERVER['REQUEST_URI'] = '/';

// The installer mails the new site's password; there is no mail here.
function wp_new_blog_notification() {}

require ABSPATH . 'wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

function fail($what) {
    fwrite(STDERR, $what . "\n");
    exit(1);
}

$install = wp_install('Favorites test', 'admin', 'admin@example.test', false, '', 'admin-password');
if (empty($install['user_id'])) {
    fail('wp_install failed');
}
wp_set_current_user($install['user_id']); // an author of posts with markup in titles

global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%year%/%monthnum%/%postname%/');

// A site that ran WP Favorite Posts keeps its texts (one with the image
// markup wpfp allowed) and where it showed the link.
update_option('wpfp_options', [
    'add_favorite' => '<img src="star.png" alt=""> Save this story',
    'remove_favorite' => 'Unsave',
    'clear' => 'Clear all',
    'favorites_empty' => 'Nothing saved yet.',
    'rem' => 'drop',
    'cookie_warning' => "Saved in your browser\\'s cookies.", // slashed, as wpfp saved it
    'autoshow' => 'after',
]);

function post($type, $title, $content, $date) {
    $id = wp_insert_post([
        'post_type' => $type,
        'post_status' => 'publish',
        'post_title' => $title,
        'post_content' => $content,
        'post_date' => $date,
    ], true);
    if (is_wp_error($id)) {
        fail($id->get_error_message());
    }
    return $id;
}

$ids = [
    'one' => post('post', 'Council approves the budget', '<!-- wp:paragraph --><p>The council met.</p><!-- /wp:paragraph -->', '2026-11-01 09:00:00'),
    'two' => post('post', "Rain & wind — it's back <em>tonight</em>", '<!-- wp:paragraph --><p>Storm warning.</p><!-- /wp:paragraph -->', '2026-11-02 09:00:00'),
    'three' => post('post', 'Third story', '<!-- wp:paragraph --><p>Three.</p><!-- /wp:paragraph -->', '2026-11-03 09:00:00'),
    'about' => post('page', 'About us', '<!-- wp:paragraph --><p>Who we are.</p><!-- /wp:paragraph -->', '2026-11-01 09:00:00'),
    'saved' => post('page', 'Saved', "<!-- wp:favorites/list {\"limit\":2} /-->\n\n<!-- wp:shortcode -->\n[wp-favorite-posts]\n<!-- /wp:shortcode -->\n\n<!-- wp:shortcode -->\n<div id=\"newest\">[favorites limit=\"1\"]</div>\n<!-- /wp:shortcode -->", '2026-11-01 09:00:00'),
];

// wpfp's counts of how often each post was saved.
update_post_meta($ids['one'], 'wpfp_favorites', 7);
update_post_meta($ids['three'], 'wpfp_favorites', 2);

switch_theme('twentytwentythree');
$activated = activate_plugin('favorites-wordpress/favorites-wordpress.php');
if (is_wp_error($activated)) {
    fail($activated->get_error_message());
}

// The classic widget, in the test theme's widget area. The theme switch
// above would have the first page view move widgets out of areas that
// twentytwentythree lacks (after_switch_theme): it is taken as done.
delete_option('theme_switched');
update_option('widget_favorites_list', [2 => ['title' => 'Saved stories', 'limit' => 2], '_multiwidget' => 1]);
update_option('sidebars_widgets', ['wp_inactive_widgets' => [], 'sidebar-1' => ['favorites_list-2'], 'array_version' => 3]);

// A reader with an account, who may not change the settings.
if (is_wp_error(wp_create_user('subscriber', 'subscriber-password', 'subscriber@example.test'))) {
    fail('wp_create_user failed');
}

flush_rewrite_rules(false);

$out = [];
foreach ($ids as $name => $id) {
    $out[$name] = ['id' => (string)$id, 'url' => get_permalink($id)];
}
echo json_encode($out, JSON_UNESCAPED_SLASHES), "\n";

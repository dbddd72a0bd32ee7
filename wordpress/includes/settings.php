<?php
// The plugin's settings: the messages, the capacity and the cookie name,
// stored in the option favorites_wp and edited under Settings → Favorites.

if (!defined('ABSPATH')) {
    exit;
}

// The library's message keys (README, "Messages"), with the key of
// wpfp_options that holds a site's own wording for each, where wpfp has one.
const FAVORITES_WP_MESSAGES = [
    'add' => 'add_favorite',
    'remove' => 'remove_favorite',
    'clear' => 'clear',
    'empty' => 'favorites_empty',
    'warning' => 'cookie_warning',
    'rem' => 'rem',
    'loading' => '',
];

// The library's defaults, shown as placeholders and used in server-rendered
// text (the buttons' first label, wpfp_cookie_warning).
const FAVORITES_WP_DEFAULTS = [
    'add' => 'Add to favorites',
    'remove' => 'Remove from favorites',
    'clear' => 'Clear favorites',
    'empty' => 'Favorite list is empty.',
    'warning' => 'Your favorite posts saved to your browsers cookies. If you clear cookies also favorite posts will be deleted.',
    'rem' => 'remove',
    'loading' => 'Loading',
];

// favorites_wp_settings returns the stored settings with every key present:
// cookie_name and max_items ('' for the library's default), autoshow
// ('after', 'before' or 'off') and messages (key => text, '' for none set).
function favorites_wp_settings(): array
{
    $s = get_option('favorites_wp');
    $s = is_array($s) ? $s : [];
    $out = [
        'cookie_name' => isset($s['cookie_name']) ? (string)$s['cookie_name'] : '',
        'max_items' => isset($s['max_items']) ? (string)$s['max_items'] : '',
        'autoshow' => isset($s['autoshow']) ? (string)$s['autoshow'] : favorites_wp_wpfp_autoshow(),
        'messages' => [],
    ];
    foreach (FAVORITES_WP_MESSAGES as $key => $unused) {
        $out['messages'][$key] = isset($s['messages'][$key]) ? (string)$s['messages'][$key] : '';
    }
    return $out;
}

// favorites_wp_autoshow_default: where the button goes in a post when the
// site never chose. A site coming from wpfp keeps wpfp's choice; a theme
// that calls wpfp_link() itself set wpfp's to "custom", which is "off" here.
function favorites_wp_wpfp_autoshow(): string
{
    $w = get_option('wpfp_options');
    if (is_array($w) && isset($w['autoshow'])) {
        return in_array($w['autoshow'], ['before', 'after'], true) ? $w['autoshow'] : 'off';
    }
    return 'after';
}

// favorites_wp_message returns the text of a message key: the plugin's
// setting, else wpfp's option for it, else the library's default.
function favorites_wp_message(string $key): string
{
    $own = favorites_wp_settings()['messages'][$key] ?? '';
    if ($own !== '') {
        return $own;
    }
    $wpfp = favorites_wp_wpfp_message($key);
    return $wpfp !== '' ? $wpfp : FAVORITES_WP_DEFAULTS[$key];
}

// favorites_wp_wpfp_message returns wpfp's text for a message key, as text:
// wpfp let its texts hold HTML (an <img> before "Add to favorites"), which
// the library shows as text, so tags are dropped. wpfp stored them
// slashed and escaped, and read them with stripslashes and
// htmlspecialchars_decode; so does this.
function favorites_wp_wpfp_message(string $key): string
{
    $w = get_option('wpfp_options');
    $name = FAVORITES_WP_MESSAGES[$key] ?? '';
    if (!is_array($w) || $name === '' || !isset($w[$name]) || !is_string($w[$name])) {
        return '';
    }
    return trim(html_entity_decode(wp_strip_all_tags(stripslashes($w[$name])), ENT_QUOTES | ENT_HTML5, 'UTF-8'));
}

// favorites_wp_cookie_name is the list's cookie name: the script's and the
// renew route's.
function favorites_wp_cookie_name(): string
{
    $n = favorites_wp_settings()['cookie_name'];
    return $n !== '' ? $n : 'favorites';
}

// favorites_wp_sanitize keeps what the library accepts and drops the rest,
// with a notice for each value dropped.
function favorites_wp_sanitize($in): array
{
    $in = is_array($in) ? $in : [];
    $out = ['cookie_name' => '', 'max_items' => '', 'autoshow' => 'after', 'messages' => []];
    $name = isset($in['cookie_name']) ? trim((string)$in['cookie_name']) : '';
    // The names the library takes (README, "Options"): a name it refused
    // would stop the script on every page.
    if ($name !== '' && preg_match('/^[A-Za-z0-9_-]{1,64}$/D', $name) !== 1) {
        add_settings_error('favorites_wp', 'cookie_name', __('The cookie name is 1 to 64 letters, digits, "-" or "_"; it was not changed.', 'favorites-wordpress'));
        $name = favorites_wp_settings()['cookie_name'];
    }
    $out['cookie_name'] = $name;
    $max = isset($in['max_items']) ? trim((string)$in['max_items']) : '';
    if ($max !== '' && (!ctype_digit($max) || (int)$max < 1 || (int)$max > 1000)) {
        add_settings_error('favorites_wp', 'max_items', __('The capacity is a whole number from 1 to 1000; it was not changed.', 'favorites-wordpress'));
        $max = favorites_wp_settings()['max_items'];
    }
    $out['max_items'] = $max === '' ? '' : (string)(int)$max;
    $show = isset($in['autoshow']) ? (string)$in['autoshow'] : 'after';
    $out['autoshow'] = in_array($show, ['before', 'after', 'off'], true) ? $show : 'after';
    foreach (FAVORITES_WP_MESSAGES as $key => $unused) {
        $out['messages'][$key] = isset($in['messages'][$key]) ? sanitize_text_field((string)$in['messages'][$key]) : '';
    }
    return $out;
}

add_action('admin_init', function () {
    register_setting('favorites_wp', 'favorites_wp', [
        'type' => 'object',
        'sanitize_callback' => 'favorites_wp_sanitize',
    ]);
    add_settings_section('favorites_wp_main', __('The list', 'favorites-wordpress'), '__return_false', 'favorites-wordpress');
    add_settings_field('favorites_wp_cookie_name', __('Cookie name', 'favorites-wordpress'), function () {
        printf('<input type="text" id="favorites_wp_cookie_name" name="favorites_wp[cookie_name]" value="%s" placeholder="favorites" class="regular-text">',
            esc_attr(favorites_wp_settings()['cookie_name']));
        echo '<p class="description">' . esc_html__('Changing it starts every reader with an empty list.', 'favorites-wordpress') . '</p>';
    }, 'favorites-wordpress', 'favorites_wp_main', ['label_for' => 'favorites_wp_cookie_name']);
    add_settings_field('favorites_wp_max_items', __('Capacity', 'favorites-wordpress'), function () {
        printf('<input type="number" min="1" max="1000" id="favorites_wp_max_items" name="favorites_wp[max_items]" value="%s" placeholder="50" class="small-text">',
            esc_attr(favorites_wp_settings()['max_items']));
    }, 'favorites-wordpress', 'favorites_wp_main', ['label_for' => 'favorites_wp_max_items']);
    add_settings_field('favorites_wp_autoshow', __('Button in posts', 'favorites-wordpress'), function () {
        $cur = favorites_wp_settings()['autoshow'];
        echo '<select id="favorites_wp_autoshow" name="favorites_wp[autoshow]">';
        foreach (['after' => __('After the content', 'favorites-wordpress'), 'before' => __('Before the content', 'favorites-wordpress'), 'off' => __('Only where the theme calls wpfp_link()', 'favorites-wordpress')] as $v => $label) {
            printf('<option value="%s"%s>%s</option>', esc_attr($v), selected($cur, $v, false), esc_html($label));
        }
        echo '</select>';
    }, 'favorites-wordpress', 'favorites_wp_main', ['label_for' => 'favorites_wp_autoshow']);
    add_settings_section('favorites_wp_messages', __('Messages', 'favorites-wordpress'), function () {
        echo '<p>' . esc_html__('Empty fields use WP Favorite Posts\' texts where that plugin left them, else the defaults shown.', 'favorites-wordpress') . '</p>';
    }, 'favorites-wordpress');
    foreach (FAVORITES_WP_MESSAGES as $key => $unused) {
        add_settings_field('favorites_wp_message_' . $key, esc_html($key), function () use ($key) {
            printf('<input type="text" id="favorites_wp_message_%1$s" name="favorites_wp[messages][%1$s]" value="%2$s" placeholder="%3$s" class="large-text">',
                esc_attr($key), esc_attr(favorites_wp_settings()['messages'][$key]), esc_attr(FAVORITES_WP_DEFAULTS[$key]));
        }, 'favorites-wordpress', 'favorites_wp_messages', ['label_for' => 'favorites_wp_message_' . $key]);
    }
});

add_action('admin_menu', function () {
    add_options_page(__('Favorites', 'favorites-wordpress'), __('Favorites', 'favorites-wordpress'), 'manage_options', 'favorites-wordpress', function () {
        if (!current_user_can('manage_options')) {
            return;
        }
        echo '<div class="wrap"><h1>' . esc_html(get_admin_page_title()) . '</h1><form action="options.php" method="post">';
        settings_fields('favorites_wp');
        do_settings_sections('favorites-wordpress');
        submit_button();
        echo '</form></div>';
    });
});

<?php
// The list as a block (block/block.json): dynamic, rendered on the server
// as the same markup as the widget, so the block editor needs no build.

if (!defined('ABSPATH')) {
    exit;
}

add_action('init', function () {
    register_block_type(FAVORITES_WP_DIR . '/block', [
        'render_callback' => function ($attributes) {
            $limit = isset($attributes['limit']) ? (int)$attributes['limit'] : 0;
            return favorites_wp_list($limit, 'wp-block-favorites-list');
        },
    ]);
});

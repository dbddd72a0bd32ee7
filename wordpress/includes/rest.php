<?php
// The renew route of the contract (README, "Server"), at
// rest_url('favorites/v1') . '/renew', which the script tag names in
// data-endpoint: it sets again the list's cookies exactly as the request
// carried them, as server-set cookies, which Safari keeps. The answer is
// the recipe's favorites_renew, unchanged: POST only, same-origin only,
// Cache-Control: no-store, and only well-formed values echoed.

if (!defined('ABSPATH')) {
    exit;
}

add_action('rest_api_init', function () {
    register_rest_route('favorites/v1', '/renew', [
        // Every method reaches the recipe, which answers 405 to all but POST.
        'methods' => WP_REST_Server::ALLMETHODS,
        'permission_callback' => '__return_true',
        'callback' => function () {
            favorites_renew(favorites_wp_cookie_name());
            // The recipe wrote the whole answer (status and headers, no
            // body); the REST server would add a JSON body to it.
            exit;
        },
    ]);
});

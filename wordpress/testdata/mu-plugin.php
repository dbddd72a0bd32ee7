<?php
// The test site's own switches (wordpress_test.go), for a reader that asks:
//   - ?theme=wpfp-test renders the page with the test theme, a theme
//     written for WP Favorite Posts, where the theme places the button;
//   - a cookie test_rest_down=1 makes the REST API's wp/v2 routes answer
//     503, as an overloaded or broken API would.

if (isset($_GET['theme']) && $_GET['theme'] === 'wpfp-test') {
    add_filter('stylesheet', function () { return 'wpfp-test'; });
    add_filter('template', function () { return 'wpfp-test'; });
    $off = function ($v) {
        $v = is_array($v) ? $v : [];
        $v['autoshow'] = 'off';
        return $v;
    };
    add_filter('option_favorites_wp', $off);
    add_filter('default_option_favorites_wp', $off);
}

if (($_COOKIE['test_rest_down'] ?? '') === '1') {
    add_filter('rest_pre_dispatch', function ($result, $server, $request) {
        if (strpos($request->get_route(), '/wp/v2/') === 0) {
            return new WP_Error('test_down', 'down for the test', ['status' => 503]);
        }
        return $result;
    }, 10, 3);
}

<?php
// Router for PHP's built-in server in the browser tests (js/servers_test.go):
//
//   php -S 127.0.0.1:PORT js/testdata/php/router.php
//
// /echo answers json_encode($_COOKIE): the cookies exactly as PHP hands them
// to a site. /static/NAME serves the library from dist/ (FAVORITES_DIST, or
// ../../../dist from here). Every other path is a page with the library.
$dist = getenv('FAVORITES_DIST') ?: __DIR__ . '/../../../dist';
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);

if ($path === '/echo') {
    header('Content-Type: application/json');
    header('Cache-Control: no-store');
    echo json_encode($_COOKIE, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
    return true;
}

if (strncmp($path, '/static/', 8) === 0) {
    $types = ['favorites.js' => 'text/javascript', 'favorites.wasm' => 'application/wasm', 'favorites.css' => 'text/css'];
    $name = substr($path, 8);
    // The .wasm's copy named by its content's hash, which favorites.js asks
    // for, never changes under that name.
    $hashed = preg_match('/^favorites\.[0-9a-f]{16}\.wasm$/', $name) === 1;
    if ((!isset($types[$name]) && !$hashed) || !is_file("$dist/$name")) {
        http_response_code(404);
        return true;
    }
    header('Content-Type: ' . ($hashed ? 'application/wasm' : $types[$name]));
    header('Cache-Control: ' . ($hashed ? 'public, max-age=31536000, immutable' : 'no-cache'));
    readfile("$dist/$name");
    return true;
}

header('Content-Type: text/html; charset=utf-8');
header('Cache-Control: no-store');
?><!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>PHP page</title>
<script src="/static/favorites.js" defer></script>
</head><body>
<button id="fav" data-favorite="php-1" data-favorite-title="From PHP" data-favorite-url="/php-1">Add to favorites</button>
<span id="count" data-favorites-count></span>
<div id="list" data-favorites-list></div>
</body></html>

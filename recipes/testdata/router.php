<?php
// Router for PHP's built-in server in the recipes' tests (recipes_test.go):
//
//   php -S 127.0.0.1:PORT recipes/testdata/router.php
//
// /favorites/renew is the recipe's renew.php; /read answers the list the
// request carries, as favorites_read returns it, in JSON; /decode reads a
// JSON array of cases, each the five chunk values in base64, and answers
// favorites_decode's items for each, the fields in base64.
require_once __DIR__ . '/../php/favorites.php';

$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if ($path === '/favorites/renew') {
    require __DIR__ . '/../php/renew.php';
    return true;
}
header('Content-Type: application/json');
header('Cache-Control: no-store');
if ($path === '/read') {
    echo json_encode(favorites_read(), JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);
    return true;
}
if ($path === '/decode') {
    $out = [];
    foreach (json_decode(file_get_contents('php://input'), true, 4, JSON_THROW_ON_ERROR) as $case) {
        $items = [];
        foreach (favorites_decode(array_map('base64_decode', $case)) as $it) {
            $items[] = [base64_encode($it['id']), base64_encode($it['title']), base64_encode($it['url']), $it['added']];
        }
        $out[] = $items;
    }
    echo json_encode($out, JSON_THROW_ON_ERROR);
    return true;
}
http_response_code(404);
echo "null";

<?php
// Router for php -S serving the test WordPress (wordpress_test.go): the
// docroot (WP_DOCROOT) holds symlinks into Debian's /usr/share/wordpress,
// the test's own wp-config.php and a private wp-content. PHP resolves
// symlinks in __FILE__, so WordPress's wp-load.php would take
// /usr/share/wordpress as ABSPATH, and Debian's wp-config.php there reads
// /etc/wordpress: defining ABSPATH as the docroot first makes it load the
// docroot's wp-config.php instead, and nothing outside the test's folder
// is read or written. PHP files run here, static ones are served by php -S.

$root = getenv('WP_DOCROOT');
define('ABSPATH', $root . '/');

$path = rawurldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH));
if (strpos($path, '..') !== false) {
    http_response_code(400);
    return true;
}
$file = $root . $path;
if (is_dir($file)) {
    $path = rtrim($path, '/') . '/index.php';
    $file = $root . $path;
}
if (is_file($file)) {
    if (substr($file, -4) !== '.php') {
        return false;
    }
} else {
    $path = '/index.php'; // a pretty permalink
    $file = $root . $path;
}
$_SERVER['SCRIPT_NAME'] = $_SERVER['PHP_SELF'] = $path;
$_SERVER['SCRIPT_FILENAME'] = $file;
chdir(dirname($file));
require $file;
return true;

<?php
// The favorites list in PHP (README, "Server"): read the list a request
// carries, and renew its cookies as server-set ones.
//
//   require 'favorites.php';
//   foreach (favorites_read() as $item) { … $item['title'] … }
//
// The format is the README's ("The cookie"). favorites_read reads exactly
// the items the library's own decoder reads, and drops the others: a
// tampered, truncated or foreign cookie yields no invented or half-read
// item, an id or url the browser would refuse is never returned. Titles are
// text: escape them (htmlspecialchars) where they go into a page.
//
// The cookies are read from the raw Cookie header: $_COOKIE URL-decodes
// values, and would turn a "%3B" into ";".

declare(strict_types=1);

const FAVORITES_B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const FAVORITES_OCTETS = '\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e'; // RFC 6265 cookie-octet, for a regex class

// favorites_cookies returns the values of the list's cookies that the
// request carried, by chunk: 0 for $name, 1 to 4 for $name_1 to $name_4.
// Where a name comes twice the first value counts, as the browser lists the
// most specific path first.
function favorites_cookies(string $name = 'favorites'): array
{
    $out = [];
    foreach (explode(';', $_SERVER['HTTP_COOKIE'] ?? '') as $pair) {
        $pair = trim($pair, " \t");
        $eq = strpos($pair, '=');
        if ($eq === false) {
            continue;
        }
        $n = substr($pair, 0, $eq);
        $v = substr($pair, $eq + 1);
        $i = $n === $name ? 0 : (preg_match('/^' . preg_quote($name, '/') . '_([1-4])$/D', $n, $m) ? (int)$m[1] : -1);
        if ($i >= 0 && $v !== '' && !isset($out[$i])) {
            $out[$i] = $v;
        }
    }
    ksort($out);
    return $out;
}

// favorites_read returns the list the request carries, oldest first: each
// item ['id' => string, 'title' => string, 'url' => string, 'added' => int
// (Unix seconds)].
function favorites_read(string $name = 'favorites'): array
{
    $c = favorites_cookies($name);
    $chunks = [];
    for ($i = 0; $i < 5; $i++) {
        $chunks[] = $c[$i] ?? '';
    }
    return favorites_decode($chunks);
}

// favorites_decode returns the items of the values of chunks 0 to 4 ("" for
// a chunk the request did not carry).
function favorites_decode(array $chunks): array
{
    $count = 0; // how many chunks the list was written as: the first prefix's
    foreach ($chunks as $c) {
        if (preg_match('/^1([1-5])/', $c, $m)) {
            $count = (int)$m[1];
            break;
        }
    }
    $items = [];
    for ($i = 0; $i < $count; $i++) {
        $c = $chunks[$i] ?? '';
        if (strncmp($c, '1' . $count, 2) !== 0) {
            continue; // a chunk of another writing of the list
        }
        // Each item ends at the first "~" that no "*" escapes; a last one
        // without it was truncated.
        preg_match_all('/\G((?:\*[\s\S]|[^*~])*+)~/', substr($c, 2), $m);
        foreach ($m[1] as $text) {
            $it = favorites_item($text);
            if ($it !== null && !isset($items[$it['id']])) {
                $items[$it['id']] = $it;
            }
        }
    }
    return array_values($items);
}

// favorites_item reads one item, or returns null when it cannot be read whole.
function favorites_item(string $s): ?array
{
    if (strlen($s) < 10) {
        return null;
    }
    $c0 = strpos(FAVORITES_B64, $s[0]);
    $c1 = strpos(FAVORITES_B64, $s[1]);
    if ($c0 === false || $c1 === false) {
        return null;
    }
    $h = 2166136261; // 12 bits of FNV-1a over the rest, folded
    for ($i = 2, $n = strlen($s); $i < $n; $i++) {
        $h = (($h ^ ord($s[$i])) * 16777619) & 0xffffffff;
    }
    if ((($h ^ ($h >> 12) ^ ($h >> 24)) & 0xfff) !== ($c0 << 6 | $c1)) {
        return null;
    }
    $added = 0;
    for ($i = 2; $i < 8; $i++) {
        $d = strpos(FAVORITES_B64, $s[$i]);
        if ($d === false) {
            return null;
        }
        $added = $added << 6 | $d;
    }
    $token = '(?:_|\*[_*$|~qpacsb]|\$[A-Za-z0-9_-]+\$|[\x21\x23\x25-\x29\x2b\x2d-\x3a\x3c-\x5b\x5d\x5e\x60-\x7b\x7d])';
    if (!preg_match('/^(' . $token . '*+)\|(' . $token . '*+)\|(' . $token . '*+)$/D', substr($s, 8), $f)) {
        return null;
    }
    $fields = [];
    for ($k = 1; $k <= 3; $k++) {
        $ok = true;
        $fields[] = preg_replace_callback('/' . $token . '/', function (array $t) use (&$ok): string {
            $t = $t[0];
            if ($t === '_') {
                return ' ';
            }
            if ($t[0] === '*') {
                return ['_' => '_', '*' => '*', '$' => '$', '|' => '|', '~' => '~', 'q' => '"', 'p' => '%', 'a' => '+', 'c' => ',', 's' => ';', 'b' => '\\'][$t[1]];
            }
            if ($t[0] === '$') {
                $run = substr($t, 1, -1);
                if (strlen($run) % 4 === 1) {
                    $ok = false;
                    return '';
                }
                return base64_decode(strtr($run, '-_', '+/'));
            }
            return $t;
        }, $f[$k]);
        if (!$ok) {
            return null;
        }
    }
    [$id, $title, $url] = $fields;
    if (!favorites_valid_id($id) || !favorites_valid_url($url) || preg_match('/^.{0,200}$/suD', $title) !== 1) {
        return null;
    }
    return ['id' => $id, 'title' => $title, 'url' => $url, 'added' => $added];
}

// favorites_valid_id: 1 to 100 characters of UTF-8, no control characters.
function favorites_valid_id(string $id): bool
{
    return preg_match('/^[^\x00-\x1f\x7f-\x{9f}]{1,100}$/uD', $id) === 1;
}

// favorites_valid_url: "" (no link), an http(s) URL with a host, or a path
// that starts with a single "/"; at most 2,048 bytes of UTF-8 without
// control characters or backslashes, which browsers would read as "/".
function favorites_valid_url(string $u): bool
{
    if ($u === '') {
        return true;
    }
    if (strlen($u) > 2048 || preg_match('/^[^\x00-\x1f\x7f-\x{9f}\\\\]*$/uD', $u) !== 1) {
        return false;
    }
    if ($u[0] === '/') {
        return strlen($u) === 1 || $u[1] !== '/';
    }
    return preg_match('#^https?://[^/?\#@]#i', $u) === 1;
}

// favorites_renew answers the script's renew (data-endpoint="PATH" posts to
// PATH/renew): each cookie of the list is set again exactly as the request
// carried it, with a fresh Max-Age, and the answer is 204. Give it the
// script's cookieName, maxAgeDays and domain. Like the Go package's
// handler it answers POST only (405), refuses cross-origin requests (403),
// and refuses a value that holds anything but cookie-octets (400): it is not
// the library's, and echoed back it could carry attributes of its own.
function favorites_renew(string $name = 'favorites', int $maxAgeDays = 365, string $domain = ''): void
{
    header('Cache-Control: no-store');
    if (($_SERVER['REQUEST_METHOD'] ?? '') !== 'POST') {
        header('Allow: POST');
        http_response_code(405);
        return;
    }
    if (!favorites_same_origin()) {
        http_response_code(403);
        return;
    }
    $cookies = favorites_cookies($name);
    foreach ($cookies as $v) {
        if (preg_match('/^[' . FAVORITES_OCTETS . ']+$/D', $v) !== 1) {
            http_response_code(400);
            header('Content-Type: text/plain; charset=utf-8');
            echo "invalid-item\n";
            return;
        }
    }
    $https = !empty($_SERVER['HTTPS']) && $_SERVER['HTTPS'] !== 'off';
    $attributes = '; Path=/; Max-Age=' . ($maxAgeDays * 86400) . '; SameSite=Lax'
        . ($domain !== '' ? '; Domain=' . $domain : '') . ($https ? '; Secure' : '');
    foreach ($cookies as $i => $v) {
        header('Set-Cookie: ' . ($i === 0 ? $name : $name . '_' . $i) . '=' . $v . $attributes, false);
    }
    http_response_code(204);
}

// favorites_same_origin decides as Go's http.CrossOriginProtection: by
// Sec-Fetch-Site, which every browser since 2023 sends, else by Origin
// against Host; a request with neither is not a browser's, and passes.
function favorites_same_origin(): bool
{
    $site = $_SERVER['HTTP_SEC_FETCH_SITE'] ?? '';
    if ($site !== '') {
        return $site === 'same-origin' || $site === 'none';
    }
    $origin = $_SERVER['HTTP_ORIGIN'] ?? '';
    return $origin === '' || preg_replace('#^[a-z][a-z0-9+.-]*://#i', '', $origin) === ($_SERVER['HTTP_HOST'] ?? '');
}

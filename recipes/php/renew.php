<?php
// The renew endpoint: route POST PATH/renew here, PATH being the script
// tag's data-endpoint (README, "Server").
require_once __DIR__ . '/favorites.php';
favorites_renew();

<?php
// Deleting the plugin deletes its settings. Readers' lists live in their
// browsers and are not the site's to delete; wpfp's options are left for
// wpfp.
if (!defined('WP_UNINSTALL_PLUGIN')) {
    exit;
}
delete_option('favorites_wp');

<?php
add_action('widgets_init', function () {
    register_sidebar(['id' => 'sidebar-1', 'name' => 'Sidebar', 'before_title' => '<h3 class="widget-title">', 'after_title' => '</h3>']);
});

<?php
// The list as a classic widget, for themes with widget areas.

if (!defined('ABSPATH')) {
    exit;
}

class Favorites_WP_Widget extends WP_Widget
{
    public function __construct()
    {
        parent::__construct('favorites_list', __('Favorites', 'favorites-wordpress'), [
            'description' => __("The reader's favourite posts.", 'favorites-wordpress'),
            'show_instance_in_rest' => true,
        ]);
    }

    public function widget($args, $instance)
    {
        $title = apply_filters('widget_title', $instance['title'] ?? '', $instance, $this->id_base);
        echo $args['before_widget'];
        if ($title !== '') {
            echo $args['before_title'] . esc_html($title) . $args['after_title'];
        }
        echo favorites_wp_list((int)($instance['limit'] ?? 0));
        echo $args['after_widget'];
    }

    public function form($instance)
    {
        $title = $instance['title'] ?? '';
        $limit = (int)($instance['limit'] ?? 0);
        printf('<p><label for="%1$s">%2$s</label><input class="widefat" id="%1$s" name="%3$s" type="text" value="%4$s"></p>',
            esc_attr($this->get_field_id('title')), esc_html__('Title:', 'favorites-wordpress'), esc_attr($this->get_field_name('title')), esc_attr($title));
        printf('<p><label for="%1$s">%2$s</label><input class="tiny-text" id="%1$s" name="%3$s" type="number" min="0" value="%4$s"></p>',
            esc_attr($this->get_field_id('limit')), esc_html__('Show at most (0: all):', 'favorites-wordpress'), esc_attr($this->get_field_name('limit')), esc_attr((string)$limit));
        return '';
    }

    public function update($new, $old)
    {
        return [
            'title' => sanitize_text_field($new['title'] ?? ''),
            'limit' => max(0, (int)($new['limit'] ?? 0)),
        ];
    }
}

add_action('widgets_init', function () {
    register_widget('Favorites_WP_Widget');
});

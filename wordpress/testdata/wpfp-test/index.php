<!doctype html>
<html <?php language_attributes(); ?>>
<head><meta charset="utf-8"><?php wp_head(); ?></head>
<body>
<main>
<?php while (have_posts()) : the_post(); ?>
<article id="post-<?php the_ID(); ?>">
<h2><?php the_title(); ?></h2>
<?php if (function_exists('wpfp_link')) { wpfp_link(); } ?>
<?php wpfp_remove_favorite_link(get_the_ID()); ?>
<?php the_content(); ?>
</article>
<?php endwhile; ?>
</main>
<aside id="wpfp">
<h3>Your favorites</h3>
<?php wpfp_list_favorite_posts(); ?>
<p><?php wpfp_clear_list_link(); ?></p>
<?php wpfp_cookie_warning(); ?>
<p id="server-ids"><?php echo esc_html(implode(',', wpfp_get_users_favorites())); ?></p>
<?php wpfp_list_most_favorited(3); ?>
</aside>
<aside id="widgets"><?php dynamic_sidebar('sidebar-1'); ?></aside>
<?php wp_footer(); ?>
</body>
</html>

package wordpress_test

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/favorites-dev/favorites/js/testsite/proc"
)

const (
	debianWordPress = "/usr/share/wordpress"
	pluginZip       = "../dist/favorites-wordpress.zip"
	pluginDir       = "favorites-wordpress"
)

// page is a post or page of the test site.
type page struct {
	ID  string `json:"id"`
	URL string `json:"url"`
}

// site is the running test WordPress.
type site struct {
	base  string          // http://127.0.0.1:PORT
	pages map[string]page // testdata/setup.php's posts and pages, by name
	log   string          // PHP's debug.log
	stops []func() error
	times []string // how long each step of bringing it up took
}

func (s *site) close() error {
	var first error
	for i := len(s.stops) - 1; i >= 0; i-- {
		if err := s.stops[i](); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// startSite brings up a WordPress of Debian's packages in dir: a private
// MariaDB (its own data directory and socket, no TCP), a docroot of
// symlinks into /usr/share/wordpress with its own wp-config.php and
// wp-content, the plugin unzipped from dist/favorites-wordpress.zip into
// it, the site installed by testdata/setup.php, and php -S serving it with
// four workers (the browser loads a page's files in parallel).
func startSite(dir string) (*site, error) {
	s := &site{}
	up := false
	defer func() {
		if !up { // stop what did start
			_ = s.close()
		}
	}()
	step := func(name string, began time.Time) {
		s.times = append(s.times, fmt.Sprintf("%s %.1fs", name, time.Since(began).Seconds()))
	}
	for _, need := range [][2]string{{"mariadbd", "mariadb-server"}, {"mariadb-install-db", "mariadb-server"}, {"mariadb", "mariadb-client"}, {"php", "php-cli"}} {
		if _, err := exec.LookPath(need[0]); err != nil {
			return nil, fmt.Errorf("%s is not installed: install the Debian package %s (make test does)", need[0], need[1])
		}
	}
	if _, err := os.Stat(debianWordPress + "/wp-settings.php"); err != nil {
		return nil, fmt.Errorf("WordPress is not installed: install the Debian packages wordpress wordpress-theme-twentytwentythree (make test does)")
	}
	me, err := user.Current()
	if err != nil {
		return nil, err
	}

	began := time.Now()
	data, sock := filepath.Join(dir, "db"), filepath.Join(dir, "db.sock")
	// mariadbd refuses to run as root unless told to; as another user it
	// runs as that user. Either way the database account is the OS user's,
	// which the socket authenticates.
	install := exec.Command("mariadb-install-db", "--no-defaults", "--datadir="+data, "--user="+me.Username,
		"--auth-root-authentication-method=socket", "--skip-test-db")
	if out, err := install.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("mariadb-install-db: %v\n%s", err, out)
	}
	step("database files", began)
	began = time.Now()
	db, err := proc.Start(exec.Command("mariadbd", "--no-defaults", "--datadir="+data, "--socket="+sock,
		"--skip-networking", "--pid-file="+filepath.Join(dir, "db.pid"), "--user="+me.Username, "--skip-log-bin"),
		"ready for connections", syscall.SIGTERM, 60*time.Second)
	if err != nil {
		return nil, err
	}
	s.stops = append(s.stops, db.Stop)
	if out, err := exec.Command("mariadb", "--no-defaults", "--socket="+sock, "--user="+me.Username,
		"-e", "CREATE DATABASE wordpress").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("creating the database: %v\n%s\n%s", err, out, db.Output())
	}
	step("database server", began)

	began = time.Now()
	root := filepath.Join(dir, "docroot")
	if err := docroot(root); err != nil {
		return nil, err
	}
	if err := unzip(pluginZip, filepath.Join(root, "wp-content", "plugins")); err != nil {
		return nil, fmt.Errorf("installing the plugin from %s: %w", pluginZip, err)
	}
	cmd, ready, base, err := proc.PHPCommand("-t", root, mustAbs("testdata/router.php"))
	if err != nil {
		return nil, err
	}
	s.base = base
	s.log = filepath.Join(dir, "debug.log")
	config := fmt.Sprintf(`<?php
define('DB_NAME', 'wordpress');
define('DB_USER', %q);
define('DB_PASSWORD', '');
define('DB_HOST', 'localhost:' . %q);
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
define('WP_HOME', %q);
define('WP_SITEURL', %q);
define('WP_CONTENT_DIR', %q);
define('WP_DEBUG', true);
define('WP_DEBUG_DISPLAY', false);
define('WP_DEBUG_LOG', %q);
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
$table_prefix = 'wp_';
require_once ABSPATH . 'wp-settings.php';
`, me.Username, sock, base, base, filepath.Join(root, "wp-content"), s.log)
	if err := os.WriteFile(filepath.Join(root, "wp-config.php"), []byte(config), 0o644); err != nil {
		return nil, err
	}
	env := append(os.Environ(), "WP_DOCROOT="+root, "WP_URL="+base)
	setup := exec.Command("php", mustAbs("testdata/setup.php"))
	setup.Env = env
	setup.Stderr = os.Stderr
	out, err := setup.Output()
	if err != nil {
		log, _ := os.ReadFile(s.log) // WordPress logs PHP's errors there
		return nil, fmt.Errorf("testdata/setup.php: %v\n%s\nPHP's log:\n%s", err, out, log)
	}
	if err := json.Unmarshal(out, &s.pages); err != nil {
		return nil, fmt.Errorf("testdata/setup.php said %q: %w", out, err)
	}
	step("WordPress install", began)

	began = time.Now()
	cmd.Env = append(env, "PHP_CLI_SERVER_WORKERS=4")
	php, err := proc.Start(cmd, ready, os.Kill, 15*time.Second)
	if err != nil {
		return nil, err
	}
	s.stops = append(s.stops, php.Stop)
	step("php -S", began)
	up = true
	return s, nil
}

// docroot makes root: a symlink to each file and folder of Debian's
// WordPress but wp-config.php (the test writes its own) and wp-content, a
// private one whose themes link to Debian's and the test's.
func docroot(root string) error {
	entries, err := os.ReadDir(debianWordPress)
	if err != nil {
		return err
	}
	for _, d := range []string{"", "wp-content/plugins", "wp-content/themes", "wp-content/mu-plugins", "wp-content/uploads"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			return err
		}
	}
	for _, e := range entries {
		if e.Name() == "wp-config.php" || e.Name() == "wp-content" || e.Name() == ".htaccess" {
			continue
		}
		if err := os.Symlink(filepath.Join(debianWordPress, e.Name()), filepath.Join(root, e.Name())); err != nil {
			return err
		}
	}
	links := map[string]string{
		"wp-content/themes/twentytwentythree": debianWordPress + "/wp-content/themes/twentytwentythree",
		"wp-content/themes/wpfp-test":         mustAbs("testdata/wpfp-test"),
		"wp-content/mu-plugins/test.php":      mustAbs("testdata/mu-plugin.php"),
	}
	for at, to := range links {
		if _, err := os.Stat(to); err != nil {
			return fmt.Errorf("%w (the theme comes with the Debian package wordpress-theme-twentytwentythree)", err)
		}
		if err := os.Symlink(to, filepath.Join(root, at)); err != nil {
			return err
		}
	}
	return nil
}

// unzip extracts the zip file src into dir, as WordPress's plugin upload
// does, refusing names that would leave dir.
func unzip(src, dir string) error {
	r, err := zip.OpenReader(src)
	if err != nil {
		return err
	}
	defer func() { _ = r.Close() }() // read only: nothing to lose
	for _, f := range r.File {
		name := filepath.Join(dir, f.Name)
		if !strings.HasPrefix(name, dir+string(filepath.Separator)) {
			return fmt.Errorf("%s leaves the plugins folder", f.Name)
		}
		if f.FileInfo().IsDir() {
			if err := os.MkdirAll(name, 0o755); err != nil {
				return err
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		in, err := f.Open()
		if err != nil {
			return err
		}
		out, err := os.Create(name)
		if err == nil {
			_, err = io.Copy(out, in)
			if cerr := out.Close(); err == nil {
				err = cerr
			}
		}
		_ = in.Close() // read only
		if err != nil {
			return err
		}
	}
	return nil
}

func mustAbs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		panic(err)
	}
	return a
}

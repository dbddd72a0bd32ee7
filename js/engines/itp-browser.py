#!/usr/bin/python3
# A WebKitGTK browser for WebKitWebDriver whose tracking prevention (ITP)
# acts, as Safari's does: WebKitWebDriver starts it as its binary, with
# --automation. MiniBrowser --automation runs on an ephemeral website data
# manager, where WebKit never applies ITP; this one runs on a persistent
# one, in a directory of its own that it removes when it exits, with ITP on.
#
#   itp-browser.py --automation [--proxy=URL] [--no-itp]
#
# --proxy makes URL the HTTP proxy of every request (the test server, which
# serves its pages under any host name); --no-itp turns ITP off, to show
# what ITP changes on the same persistent store.
import argparse
import os
import shutil
import signal
import tempfile

import gi

gi.require_version('Gtk', '3.0')
gi.require_version('WebKit2', '4.1')
from gi.repository import GLib, Gtk, WebKit2  # noqa: E402

NAME = 'ITPBrowser'


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--automation', action='store_true')
    p.add_argument('--proxy')
    p.add_argument('--no-itp', action='store_true')
    args, _ = p.parse_known_args()  # WebKitWebDriver may add its own

    Gtk.init(None)
    base = tempfile.mkdtemp(prefix='favorites-itp-browser-')
    manager = WebKit2.WebsiteDataManager(
        base_data_directory=os.path.join(base, 'data'),
        base_cache_directory=os.path.join(base, 'cache'))
    manager.set_itp_enabled(not args.no_itp)
    manager.get_cookie_manager().set_persistent_storage(
        os.path.join(base, 'cookies.sqlite'), WebKit2.CookiePersistentStorage.SQLITE)
    if args.proxy:
        manager.set_network_proxy_settings(
            WebKit2.NetworkProxyMode.CUSTOM, WebKit2.NetworkProxySettings.new(args.proxy, None))
    context = WebKit2.WebContext.new_with_website_data_manager(manager)
    context.set_automation_allowed(args.automation)

    windows = []

    def close(window):
        if window in windows:
            windows.remove(window)
        window.destroy()
        if not windows and args.automation:
            Gtk.main_quit()

    def new_view(related=None):
        view = WebKit2.WebView(web_context=context, is_controlled_by_automation=args.automation,
                               related_view=related) if related else \
            WebKit2.WebView(web_context=context, is_controlled_by_automation=args.automation)
        window = Gtk.Window(title=NAME)
        window.set_default_size(1280, 900)
        window.add(view)
        windows.append(window)
        window.connect('delete-event', lambda w, e: close(w) or True)
        view.connect('close', lambda v: close(window))
        # window.open from a page: a new window of this browser.
        view.connect('create', lambda v, action: new_view(v))
        view.connect('ready-to-show', lambda v: window.show_all())
        window.show_all()
        return view

    def started(ctx, session):
        info = WebKit2.ApplicationInfo.new()
        info.set_name(NAME)
        info.set_version(WebKit2.get_major_version(), WebKit2.get_minor_version(), WebKit2.get_micro_version())
        session.set_application_info(info)
        session.connect('create-web-view', lambda s: new_view())

    context.connect('automation-started', started)
    if not args.automation:
        new_view().load_uri('about:blank')

    # WebKitWebDriver ends the browser with SIGTERM when its session ends.
    for sig in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, sig, lambda: Gtk.main_quit() or False)
    try:
        Gtk.main()
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == '__main__':
    main()

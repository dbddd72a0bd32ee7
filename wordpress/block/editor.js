// The block's editor side, without a build step: wp.element.createElement
// rather than JSX. The block is dynamic (save returns null); the editor
// shows a placeholder, as the list is the reader's and not the editor's.
(function (wp) {
  'use strict';
  var el = wp.element.createElement;
  var __ = wp.i18n.__;
  var be = wp.blockEditor;
  var c = wp.components;
  wp.blocks.registerBlockType('favorites/list', {
    edit: function (props) {
      var limit = props.attributes.limit || 0;
      return el(wp.element.Fragment, null,
        el(be.InspectorControls, null,
          el(c.PanelBody, { title: __('List', 'favorites-wordpress') },
            el(c.RangeControl, {
              label: __('Show at most (0: all)', 'favorites-wordpress'),
              value: limit, min: 0, max: 50,
              onChange: function (v) { props.setAttributes({ limit: v || 0 }); }
            }))),
        el('div', be.useBlockProps({ className: 'favorites-list' }),
          el('p', null, limit > 0
            ? __('The reader\'s newest favourites, at most ', 'favorites-wordpress') + limit
            : __('The reader\'s favourites', 'favorites-wordpress'))));
    },
    save: function () { return null; }
  });
})(window.wp);

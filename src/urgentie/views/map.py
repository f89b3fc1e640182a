"""The offline choropleth map: folium + the local Leaflet, nothing from a CDN.

A map is a :class:`MapLayer` (what to draw, made by :mod:`urgentie.choropleth`) turned into a
folium map by :func:`build_map`. Four small folium elements do the work:

- :class:`OfflineMap` is a ``folium.Map`` whose only default assets are the local Leaflet files
  (``urgentie.assets``); folium's jQuery, Bootstrap, awesome-markers and font links are gone.
- :class:`ChoroplethLayer` carries the compact payload of :mod:`urgentie.mapdata` and decodes it
  in the browser into a ``L.geoJson`` layer: fill by class, missing areas hatched grey, a tooltip
  with name and value (pre-escaped), a thicker stroke on hover.
- :class:`LegendControl` is a Leaflet control with the legend (title with unit, one line per class,
  the class method, what "darker" means), collapsible on narrow screens.
- :class:`SelectionOutline` draws the selected area on top, in its own non-interactive pane. In
  Streamlit it is passed to ``st_folium`` as ``feature_group_to_add``, so selecting another area
  swaps only the outline and never reloads the map.

This module does not import streamlit: the benchmark and the HTML export use it too.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Sequence

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template

from urgentie.assets import LEAFLET_CSS, LEAFLET_JS
from urgentie.canonical import source_line
from urgentie.mapdata import EncodedShape, MapLayer

HATCH_ID = "urgentie-hatch"
STROKE = "#4d4d4d"
SELECTED = "#0b2545"
BACKGROUND = "#eef0f3"
"""Light neutral behind the polygons when there are no tiles: the lightest class stays visible."""

BASEMAP_URL = (
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:3857/{z}/{x}/{y}.png"
)
"""PDOK's grey BRT-Achtergrondkaart: calm under a choropleth. Needs internet, so it is optional."""
BASEMAP_ATTRIBUTION = "Achtergrond: Kadaster (BRT-Achtergrondkaart, PDOK)"


DECODER_JS = """
var urgentieDecode = window.urgentieDecode || function (s, geojson) {
  // Encoded polyline (precision 5) -> [[lat, lng], ...], or a closed GeoJSON ring of [lng, lat].
  var points = [], i = 0, lat = 0, lng = 0;
  function next() {
    var b, shift = 0, r = 0;
    do { b = s.charCodeAt(i++) - 63; r |= (b & 31) << shift; shift += 5; } while (b >= 32);
    return (r & 1) ? ~(r >> 1) : (r >> 1);
  }
  while (i < s.length) {
    lat += next();
    lng += next();
    points.push(geojson ? [lng / 1e5, lat / 1e5] : [lat / 1e5, lng / 1e5]);
  }
  if (geojson && points.length) { points.push(points[0]); }
  return points;
};
window.urgentieDecode = urgentieDecode;
"""
"""The decoder of :mod:`urgentie.mapdata`'s encoded polylines, defined once per page."""


class _Verbatim(Element):
    """Text that goes into the page exactly as given.

    branca wraps every macro's output in a new Jinja template and renders it again. For our
    elements that would (a) interpret ``{{ … }}`` inside area names or the encoded outlines as
    template code — a template injection and, for the outlines, a syntax error — and (b) compile
    a megabyte of JSON as a template on every render. Data never passes through Jinja twice.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: object) -> str:
        del kwargs
        return self.text


class _DataMacro(MacroElement):
    """A MacroElement whose rendered header, html and script are inserted verbatim."""

    def render(self, **kwargs: object) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError("Dit kaartelement hoort in een folium Figure.")
        module = self._template.module.__dict__
        for part, target in (("header", figure.header), ("html", figure.html)):
            macro = module.get(part)
            if macro is not None:
                target.add_child(_Verbatim(macro(self, kwargs)), name=self.get_name())
        script = module.get("script")
        if script is not None:
            figure.script.add_child(_Verbatim(script(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class OfflineMap(folium.Map):
    """A ``folium.Map`` that loads Leaflet from this server only.

    Overriding the class attributes (not calling ``add_js_link``, which mutates folium's module
    lists) keeps every other folium map in the process untouched.
    """

    default_js = [("leaflet", LEAFLET_JS)]  # noqa: RUF012 - folium's own attribute
    default_css = [("leaflet_css", LEAFLET_CSS)]  # noqa: RUF012


class ChoroplethLayer(_DataMacro):
    """The areas, decoded from encoded polylines into a GeoJSON layer in the browser."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
          .leaflet-container { background: {{ this.background }}; }
          .leaflet-control-attribution, .leaflet-control-scale-line { font-size: 11px; }
          .leaflet-tooltip.urgentie-tip { font-size: 14px; line-height: 1.35; width: max-content;
            max-width: 260px; white-space: normal; }
        </style>
        {% endmacro %}
        {% macro html(this, kwargs) %}
        <script type="application/json" id="{{ this.data_id }}">{{ this.features }}</script>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function (map) {
          {{ this.decoder }}
          function decode(s) { return urgentieDecode(s, true); }
          if (map.keyboard && map.keyboard.enabled()) {
            // Leaflet focuses the map on mousedown (for keyboard panning). Inside Streamlit's
            // iframe that focus scrolls the page when the map is partly out of view, so the
            // mouse-up lands elsewhere and the click selects nothing. Focus without scrolling.
            map.keyboard.disable();
            map.keyboard._onMouseDown = function () {
              if (!this._focused) { this._map._container.focus({preventScroll: true}); }
            };
            map.keyboard.enable();
          }
          var colours = {{ this.colours|tojson }};
          var data = JSON.parse(document.getElementById("{{ this.data_id }}").textContent);
          var collection = {type: "FeatureCollection", features: data.map(function (f) {
            return {
              type: "Feature",
              properties: {code: f.c, naam: f.n, waarde: f.v, klasse: f.k},
              geometry: {type: "MultiPolygon", coordinates: f.g.map(function (rings) {
                return rings.map(decode);
              })}
            };
          })};
          function style(feature) {
            var k = feature.properties.klasse;
            if (k === -2) {  // onvoldoende cijfers: white, dashed outline, never a class
              return {fillColor: "#ffffff", fillOpacity: 1, color: "{{ this.stroke }}",
                      weight: {{ this.weight }}, opacity: 0.9, dashArray: "4 3"};
            }
            return {
              fillColor: k >= 0 ? colours[k] : "url(#{{ this.hatch_id }})",
              fillOpacity: k >= 0 ? {{ this.fill_opacity }} : 1,
              color: "{{ this.stroke }}", weight: {{ this.weight }}, opacity: 0.9
            };
          }
          var layer = L.geoJson(collection, {
            style: style,
            onEachFeature: function (feature, sub) {
              var p = feature.properties;
              sub.bindTooltip("<strong>" + p.naam + "</strong><br>" + p.waarde,
                              {sticky: true, className: "urgentie-tip"});
              sub.on("add", function () {
                // Screen readers read the name; tests and the profile link find areas by code.
                var el = sub.getElement();
                var text = document.createElement("textarea");
                text.innerHTML = p.naam + ": " + p.waarde;  // decode the escaped text, inertly
                if (el) {
                  el.setAttribute("aria-label", text.value);
                  el.setAttribute("data-code", p.code);
                }
              });
              sub.on("mouseover", function () { sub.setStyle({weight: 3, color: "#000"}); });
              sub.on("mouseout", function () { layer.resetStyle(sub); });
            }
          }).addTo(map);
          var renderer = map.getRenderer(layer);
          var svg = renderer && renderer._container;
          if (svg && !svg.querySelector("#{{ this.hatch_id }}")) {
            var ns = "http://www.w3.org/2000/svg";
            var defs = document.createElementNS(ns, "defs");
            var pattern = document.createElementNS(ns, "pattern");
            pattern.setAttribute("id", "{{ this.hatch_id }}");
            pattern.setAttribute("patternUnits", "userSpaceOnUse");
            pattern.setAttribute("width", "7");
            pattern.setAttribute("height", "7");
            pattern.setAttribute("patternTransform", "rotate(45)");
            var rect = document.createElementNS(ns, "rect");
            rect.setAttribute("width", "7"); rect.setAttribute("height", "7");
            rect.setAttribute("fill", "#dcdcdc");
            var line = document.createElementNS(ns, "line");
            line.setAttribute("x1", "0"); line.setAttribute("y1", "0");
            line.setAttribute("x2", "0"); line.setAttribute("y2", "7");
            line.setAttribute("stroke", "#8c8c8c"); line.setAttribute("stroke-width", "2.5");
            pattern.appendChild(rect); pattern.appendChild(line); defs.appendChild(pattern);
            svg.insertBefore(defs, svg.firstChild);
          }
          L.control.scale({imperial: false}).addTo(map);
          map.attributionControl.setPrefix(false);
          map.attributionControl.addAttribution({{ this.attribution|tojson }});
          // Fit the areas once the map has its real size. Inside Streamlit the iframe gets its
          // width after the script ran, so fit again on every resize until the user pans or
          // zooms (then their view wins).
          var target = {{ this.fit|tojson }};
          var touched = false;
          function fit() {
            var box = map.getContainer();
            if (touched || map._urgentieFocus || !box.clientWidth || !box.clientHeight) {
              return;  // hidden, moved by the user, or zoomed to a selected area
            }
            map.invalidateSize(false);
            // Keep the areas clear of the legend in the bottom-right corner: beside an open
            // legend (wide maps), above a folded one (its title line).
            var legend = map.getContainer().querySelector(".leaflet-bottom .urgentie-legend");
            var details = legend && legend.querySelector("details");
            var open = legend && (!details || details.open);
            var right = open ? legend.offsetWidth + 16 : 8;
            var bottom = legend && !open ? legend.offsetHeight + 12 : 8;
            map.fitBounds(target, {
              paddingTopLeft: [8, 8], paddingBottomRight: [right, bottom], animate: false
            });
          }
          ["mousedown", "touchstart", "wheel", "keydown"].forEach(function (name) {
            map.getContainer().addEventListener(name, function () { touched = true; },
                                                {passive: true});
          });
          fit();
          setTimeout(fit, 0);  // again once the legend (added after this layer) has its size
          if (window.ResizeObserver) {
            new ResizeObserver(fit).observe(map.getContainer());
          } else {
            window.addEventListener("resize", fit);
          }
          return layer;
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        layer: MapLayer,
        *,
        fill_opacity: float = 0.85,
        weight: float = 0.8,
        fit_to: Sequence[float] | None = None,
    ) -> None:
        super().__init__()
        self._name = "Choropleth"
        self.decoder = DECODER_JS
        self.features = layer.features
        # The areas travel as a JSON data block in the page body, not inside the script:
        # streamlit-folium runs regular expressions over the script on every rerun, and the
        # script must still change when the data change (it names the block by content hash).
        digest = hashlib.sha1(layer.features.encode(), usedforsecurity=False).hexdigest()[:16]
        self.data_id = f"urgentie-data-{digest}"
        self.colours = list(layer.colours)
        self.hatch_id = HATCH_ID
        self.fill_opacity = fill_opacity
        self.weight = weight
        self.stroke = STROKE
        self.background = BACKGROUND
        self.attribution = html.escape(source_line(layer.demo))
        self.bounds = layer.bounds
        minx, miny, maxx, maxy = fit_to or layer.bounds
        self.fit = [[miny, minx], [maxy, maxx]]

    def _get_self_bounds(self) -> list[list[float | None]]:
        minx, miny, maxx, maxy = self.bounds
        return [[miny, minx], [maxy, maxx]]


class LegendControl(_DataMacro):
    """The legend as a Leaflet control (bottom right), folded away on phone-width maps."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
          .urgentie-legend { background: rgba(255,255,255,0.96); padding: 6px 10px;
            border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,0.35); font: 13px/1.35
            "Source Sans Pro", system-ui, sans-serif; color: #1a1a1a; max-width: 290px; }
          .urgentie-legend summary { font-weight: 600; cursor: pointer; }
          .urgentie-legend ul { list-style: none; margin: 4px 0 2px; padding: 0; }
          .urgentie-legend li { display: flex; align-items: flex-start; gap: 6px;
            margin: 2px 0; }
          .urgentie-legend .sw { flex: 0 0 18px; height: 13px; margin-top: 2px;
            border: 1px solid {{ this.stroke }}; }
          .urgentie-legend .sw.hatch { background: repeating-linear-gradient(45deg,
            #8c8c8c 0 2px, #dcdcdc 2px 5px); }
          .urgentie-legend .sw.weinig { background: #ffffff; border-style: dashed; }
          .urgentie-legend .n { color: #555; margin-left: auto; padding-left: 6px; }
          .urgentie-legend .note { color: #444; font-size: 12px; margin: 2px 0 0; }
          @media (max-width: 480px) { .urgentie-legend { font-size: 12px; max-width: 210px; } }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function (map) {
          // Bottom right beside the attribution; on a phone-width map top right. The legend
          // never covers areas: on a map too narrow to hold the areas beside it, it starts
          // folded (its title only; a click opens it). A map created in a hidden tab has
          // width 0: that is not a phone.
          var width = map.getSize().x;
          var narrow = width > 0 && width < 480;
          var folded = width > 0 && width < {{ this.fold_below }};
          var legend = L.control({position: narrow ? "topright" : "bottomright"});
          legend.onAdd = function () {
            var div = L.DomUtil.create("div", "urgentie-legend");
            div.innerHTML = {{ this.html|tojson }};
            var details = div.querySelector("details");
            if (details && folded) { details.open = false; }
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
          };
          legend.addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, layer: MapLayer) -> None:
        super().__init__()
        self._name = "Legend"
        self.stroke = STROKE
        self.html = legend_html(layer)
        self.fold_below = LEGEND_FOLD_BELOW


CLICK_OBJECTS = ["last_object_clicked", "last_active_drawing"]
"""The only map events that rerun the app (``st_folium(returned_objects=...)``): a click on an
area; panning and zooming do not."""


def clicked_code(value: object) -> str | None:
    """The code of the area last clicked, from the value ``st_folium`` keeps in session state;
    None before any click."""
    drawing = (value or {}).get("last_active_drawing") or {}  # type: ignore[union-attr]
    code = (drawing.get("properties") or {}).get("code")
    return str(code) if code else None


LEGEND_FOLD_BELOW = 760
"""Map width (px) below which the legend starts folded: an open legend is about 300 px wide, and
beside it the areas need at least as much again to stay readable."""


def legend_html(layer: MapLayer) -> str:
    """The legend's inner HTML; every text is escaped (titles and labels come from data)."""
    rows = []
    for entry in layer.entries:
        swatch = (
            '<span class="sw hatch"></span>'
            if entry.hatched
            else '<span class="sw weinig"></span>'
            if entry.insufficient
            else f'<span class="sw" style="background:{html.escape(entry.colour)}"></span>'
        )
        count = "" if entry.count is None else f'<span class="n">{entry.count}</span>'
        note = f'<div class="note">{html.escape(entry.note)}</div>' if entry.note else ""
        rows.append(f"<li>{swatch}<span>{html.escape(entry.label)}{note}</span>{count}</li>")
    notes = "".join(f'<p class="note">{html.escape(n)}</p>' for n in layer.notes)
    return (
        f"<details open><summary>{html.escape(layer.title)}</summary>"
        f"<ul>{''.join(rows)}</ul>{notes}</details>"
    )


class SelectionOutline(_DataMacro):
    """The selected area: a dark outline with a white halo, drawn above all areas."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function (parent, map) {
          {{ this.decoder }}
          function decode(s) { return urgentieDecode(s, false); }
          var shape = {{ this.shape|tojson }}.map(function (rings) { return rings.map(decode); });
          if (!map.getPane("selectie")) {
            var pane = map.createPane("selectie");
            pane.style.zIndex = 450;
            pane.style.pointerEvents = "none";
          }
          var group = L.featureGroup();
          var options = {pane: "selectie", interactive: false, fill: false};
          L.polygon(shape, Object.assign({}, options, {color: "#ffffff", weight: 7,
            opacity: 0.9})).addTo(group);
          L.polygon(shape, Object.assign({}, options, {color: "{{ this.colour }}", weight: 3.5,
            opacity: 1})).addTo(group);
          group.addTo(parent);
          {% if this.zoom %}
          // Selecting an area zooms to it (with its surroundings), clear of an open legend;
          // the overview fit then leaves the view alone.
          var legend = map.getContainer().querySelector(".leaflet-bottom .urgentie-legend");
          var details = legend && legend.querySelector("details");
          var right = legend && (!details || details.open) ? legend.offsetWidth + 16 : 16;
          map._urgentieFocus = true;
          map.fitBounds(group.getBounds().pad(0.5), {
            paddingTopLeft: [16, 16], paddingBottomRight: [right, 16], maxZoom: 16
          });
          {% endif %}
          return group;
        })({{ this._parent.get_name() }}, {{ this.map_name }});
        {% endmacro %}
        """
    )

    def __init__(self, shape: EncodedShape, *, zoom: bool = False) -> None:
        super().__init__()
        self._name = "Selection"
        self.decoder = DECODER_JS
        self.shape = shape
        self.colour = SELECTED
        self.zoom = zoom

    @property
    def map_name(self) -> str:
        """JS name of the map this outline is on (its parent may be a feature group)."""
        element = self._parent
        while element is not None and not isinstance(element, folium.Map):
            element = element._parent
        if element is None:
            raise ValueError("SelectionOutline hoort op een kaart")
        return element.get_name()


def selection_group(shape: EncodedShape | None, *, zoom: bool = True) -> folium.FeatureGroup | None:
    """A feature group with the outline of the selected area (None when nothing is selected);
    with ``zoom`` the map zooms to it when it is drawn (a click or a choice in the list)."""
    if not shape:
        return None
    group = folium.FeatureGroup(name="Selectie", control=False)
    group.add_child(SelectionOutline(shape, zoom=zoom))
    return group


def build_map(
    layer: MapLayer,
    *,
    basemap: bool = False,
    selected: EncodedShape | None = None,
    fit_to: Sequence[float] | None = None,
) -> OfflineMap:
    """A folium map of ``layer`` with its legend; optional basemap tiles and selection outline.

    Parameters
    ----------
    layer
        What to draw (areas, colours, legend).
    basemap
        Add PDOK's grey background tiles (needs internet; off by default).
    selected
        Encoded outline of the selected area, drawn on top. In Streamlit pass it through
        ``st_folium(feature_group_to_add=...)`` instead, so the map does not reload.
    fit_to
        Bounds ``(min lon, min lat, max lon, max lat)`` to zoom to; default the layer's bounds.
    """
    minx, miny, maxx, maxy = fit_to or layer.bounds
    fmap = OfflineMap(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=11,
        tiles=None,
        zoom_snap=0.25,
    )
    if basemap:
        folium.TileLayer(
            tiles=BASEMAP_URL,
            attr=BASEMAP_ATTRIBUTION,
            name="Achtergrond",
            max_zoom=19,
            control=False,
        ).add_to(fmap)
    weight = 0.8 if layer.count <= 600 else 0.4  # thousands of areas: thinner lines
    fmap.add_child(
        ChoroplethLayer(layer, fill_opacity=0.7 if basemap else 0.85, weight=weight, fit_to=fit_to)
    )
    fmap.add_child(LegendControl(layer))
    if selected:
        fmap.add_child(SelectionOutline(selected))
    return fmap


def rendered_html(fmap: folium.Map) -> str:
    """The complete HTML page of a map (as served inside the Streamlit component or saved)."""
    return fmap.get_root().render()


def payload_bytes(fmap: folium.Map) -> int:
    """Bytes of the map's HTML page: what a browser downloads to show it (assets excluded)."""
    return len(rendered_html(fmap).encode("utf-8"))

// The connectivity map (Leaflet, served from our own static files): on the staff page it shows the
// reports that have a point; on the citizens' form a tap on the map fills the hidden latitude and
// longitude fields. Without JavaScript, or without a tile server configured, the element stays
// hidden and the lists and the address fields do the work. Labels are set as text, never as HTML.
(() => {
  const el = document.getElementById('connectivity-map');
  const L = window.L;
  if (!el || !L || !el.dataset.tiles) return;
  el.hidden = false;
  const map = L.map(el);
  L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: el.dataset.attribution || '' }).addTo(map);
  const b = JSON.parse(el.dataset.bounds || 'null');
  if (b)
    map.fitBounds([
      [b[0], b[1]],
      [b[2], b[3]],
    ]);
  else map.setView([42.5, 12.5], 6);
  const data = document.getElementById('connectivity-points');
  if (data) {
    for (const p of JSON.parse(data.textContent || '[]')) {
      const label = document.createElement('span');
      label.textContent = p.label;
      L.circleMarker([p.lat, p.lon], { radius: 7, color: p.outside ? '#a61919' : '#0066cc' })
        .bindPopup(label)
        .addTo(map);
    }
  }
  const lat = document.getElementById('f-lat');
  const lon = document.getElementById('f-lon');
  if (!lat || !lon) return;
  let marker = null;
  const place = (latlng) => {
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
    if (marker) marker.setLatLng(latlng);
    else marker = L.circleMarker(latlng, { radius: 9, color: '#0066cc' }).addTo(map);
  };
  if (lat.value && lon.value) place({ lat: Number(lat.value), lng: Number(lon.value) });
  map.on('click', (e) => place(e.latlng));
})();

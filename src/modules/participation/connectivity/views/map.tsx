import type { VNode } from 'preact';
import { assetUrl } from '../../../../web/assets.js';

/** What a connectivity page needs in <head>: its stylesheet, and Leaflet's files when a map is shown. */
export function ConnectivityHead(props: { map: boolean }): VNode {
  return (
    <>
      <link rel="stylesheet" href={assetUrl('connectivity.css')} />
      {props.map ? (
        <>
          <link rel="stylesheet" href={assetUrl('leaflet.css')} />
          <script src={assetUrl('leaflet.js')} defer />
          <script src={assetUrl('connectivity-map.js')} defer />
        </>
      ) : null}
    </>
  );
}

export interface MapPoint {
  lat: number;
  lon: number;
  label: string;
  outside: boolean;
}

/**
 * The map's box, hidden until the script draws it (so nothing shows without JavaScript). The
 * points travel as a JSON data block, which no policy runs as a script; `<` is escaped so no text
 * of a report can close the block.
 */
export function MapBox(props: {
  tiles: { url: string; attribution: string };
  bounds: readonly number[] | null;
  label: string;
  points?: MapPoint[];
}): VNode {
  const json = props.points ? JSON.stringify(props.points).replace(/</g, '\\u003c') : null;
  return (
    <>
      <div
        id="connectivity-map"
        class="ponte-map"
        role="region"
        aria-label={props.label}
        hidden
        data-tiles={props.tiles.url}
        data-attribution={props.tiles.attribution}
        data-bounds={props.bounds ? JSON.stringify(props.bounds) : undefined}
      />
      {/* A JSON data block, `<` escaped above. */}
      {json ? <script type="application/json" id="connectivity-points" dangerouslySetInnerHTML={{ __html: json }} /> : null}
    </>
  );
}

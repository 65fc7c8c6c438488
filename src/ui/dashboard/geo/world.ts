import { geoNaturalEarth1, geoPath, type GeoPermissibleObjects } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import world from 'world-atlas/countries-110m.json';
import { ALPHA2_TO_NUMERIC } from './iso-numeric.js';

export interface CountryShape {
  /** Numeric ISO id of world-atlas. */
  id: string;
  /** Alpha-2 (lower case) when the fleet knows the country. */
  code?: string;
  d: string;
}

export interface WorldDrawing {
  width: number;
  height: number;
  shapes: CountryShape[];
}

type CountryFeature = Feature<Geometry, { name: string }>;

/** The bundled countries as GeoJSON: decoded once by the caller and kept for the page's life. */
export function loadCountries(): CountryFeature[] {
  const topology = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const fc = feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>;
  return fc.features.map((f) => ({ ...f, id: String(f.id) }));
}

/**
 * SVG paths for a map framed on the fleet's countries (with a margin), drawn from bundled
 * geodata: no tile server, nothing fetched. Countries outside the frame are still drawn, in
 * grey, so the fleet is seen in context.
 */
export function drawWorld(countries: CountryFeature[], fleetCodes: readonly string[], width: number, height: number): WorldDrawing {
  const numericToCode = new Map<string, string>();
  for (const code of fleetCodes) {
    const n = ALPHA2_TO_NUMERIC[code];
    if (n !== undefined) numericToCode.set(n, code);
  }
  const framed = countries.filter((f) => numericToCode.has(String(f.id)));
  const projection = geoNaturalEarth1();
  const pad = Math.round(Math.min(width, height) * 0.06);
  const target: GeoPermissibleObjects = framed.length > 0 ? { type: 'FeatureCollection', features: framed } : { type: 'Sphere' };
  projection.fitExtent(
    [
      [pad, pad],
      [width - pad, height - pad],
    ],
    target,
  );
  const path = geoPath(projection);
  const shapes: CountryShape[] = [];
  for (const f of countries) {
    const d = path(f);
    if (d === null || d === '') continue;
    const id = String(f.id);
    const code = numericToCode.get(id);
    shapes.push({ id, d, ...(code === undefined ? {} : { code }) });
  }
  return { width, height, shapes };
}

/**
 * ISO 3166-1 alpha-2 (the topic level of a room id, lower case) to the numeric code world-atlas
 * uses as feature id. Data only: the Global South countries the programme works in or may
 * reach, Africa and Central Asia first. A country missing here is still listed, only not drawn.
 */
export const ALPHA2_TO_NUMERIC: Readonly<Record<string, string>> = {
  // Africa
  dz: '012', ao: '024', bj: '204', bw: '072', bf: '854', bi: '108', cm: '120', cf: '140', td: '148', cd: '180',
  cg: '178', ci: '384', dj: '262', eg: '818', gq: '226', er: '232', sz: '748', et: '231', ga: '266', gm: '270',
  gh: '288', gn: '324', gw: '624', ke: '404', ls: '426', lr: '430', ly: '434', mg: '450', mw: '454', ml: '466',
  mr: '478', ma: '504', mz: '508', na: '516', ne: '562', ng: '566', rw: '646', sn: '686', sl: '694', so: '706',
  za: '710', ss: '728', sd: '729', tz: '834', tg: '768', tn: '788', ug: '800', zm: '894', zw: '716', eh: '732',
  // Central, South and South-East Asia
  kz: '398', kg: '417', tj: '762', tm: '795', uz: '860', mn: '496', af: '004', pk: '586', in: '356', bd: '050',
  np: '524', lk: '144', bt: '064', mm: '104', th: '764', la: '418', kh: '116', vn: '704', my: '458', id: '360',
  ph: '608', cn: '156', tl: '626', pg: '598',
  // Middle East and Caucasus
  ir: '364', iq: '368', sy: '760', jo: '400', lb: '422', ye: '887', om: '512', sa: '682', ps: '275', az: '031',
  am: '051', ge: '268', tr: '792',
  // Latin America and the Caribbean
  mx: '484', gt: '320', hn: '340', sv: '222', ni: '558', cr: '188', pa: '591', cu: '192', ht: '332', do: '214',
  jm: '388', co: '170', ve: '862', ec: '218', pe: '604', bo: '068', py: '600', br: '076', ar: '032', cl: '152',
  uy: '858', gy: '328', sr: '740',
};

export function numericOf(alpha2: string): string | undefined {
  return ALPHA2_TO_NUMERIC[alpha2.toLowerCase()];
}

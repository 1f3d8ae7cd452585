import { renderSVG } from 'uqr';

/**
 * The set-up address as a QR code, drawn on the server as SVG (uqr: MIT, no dependencies)
 * and sent as an image, so the page needs no script and the CSP allows it (img-src data:).
 * The secret and the address are on the page as text too, for anyone who cannot scan.
 */
export function qrCodeDataUri(text: string): string {
  const svg = renderSVG(text, { ecc: 'M', border: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

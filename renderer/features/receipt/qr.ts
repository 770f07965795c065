import QRCode from 'qrcode';

/** A QR code as a square of modules (true = dark), made by the `qrcode` package; medium error correction. */
export interface QrMatrix {
  size: number;
  isDark(row: number, column: number): boolean;
}

export function qrMatrix(text: string): QrMatrix {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return { size: modules.size, isDark: (row, column) => modules.get(row, column) === 1 };
}

/** The QR code as a self-contained SVG (no script, no external resource): for the screen and the printed receipt. */
export function qrSvg(matrix: QrMatrix, { modulePx = 4, quietZone = 4 } = {}): string {
  const side = (matrix.size + quietZone * 2) * modulePx;
  let path = '';
  for (let row = 0; row < matrix.size; row++) {
    for (let column = 0; column < matrix.size; column++) {
      if (matrix.isDark(row, column))
        path += `M${(column + quietZone) * modulePx} ${(row + quietZone) * modulePx}h${modulePx}v${modulePx}h-${modulePx}z`;
    }
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${side}" height="${side}" viewBox="0 0 ${side} ${side}" ` +
    `shape-rendering="crispEdges" role="img"><rect width="${side}" height="${side}" fill="#fff"/>` +
    `<path d="${path}" fill="#000"/></svg>`
  );
}

let warmedUp = false;

/**
 * Runs the encoder once on a payload of the receipt's shape and size, so that the first receipt after a start does not
 * wait while the engine compiles it (the first QR code took about 15 ms of the first save on the bench machine, later
 * ones under 2 ms). The intake form calls this when the page is idle.
 */
export function warmUpQr(): void {
  if (warmedUp) return;
  warmedUp = true;
  qrSvg(qrMatrix('TB1:DX-20000101-01-0001:000000'));
}

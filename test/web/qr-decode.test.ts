import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { decodePixels, type Pixels } from '../../web/src/pages/identity/qr-decode.js';

/** RGBA pixels of a QR code as a camera would see a printed one: dark modules on light paper. */
function render(text: string, { scale = 4, margin = 4, invert = false } = {}): Pixels {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const width = (modules.size + 2 * margin) * scale;
  const data = new Uint8ClampedArray(width * width * 4);
  for (let y = 0; y < width; y++) {
    for (let x = 0; x < width; x++) {
      const mx = Math.floor(x / scale) - margin;
      const my = Math.floor(y / scale) - margin;
      const inside = mx >= 0 && my >= 0 && mx < modules.size && my < modules.size;
      const dark = inside && modules.get(my, mx) === 1;
      const value = dark !== invert ? 20 : 235;
      data.set([value, value, value, 255], (y * width + x) * 4);
    }
  }
  return { data, width, height: width };
}

const CARD =
  '048090123456||Nguyễn Văn An|15031990|Nam|Tổ 5, Phường Thạch Thang, Quận Hải Châu, Thành phố Đà Nẵng|20042021';

describe('QR decoding in the browser (jsQR fallback)', () => {
  it('reads the Vietnamese UTF-8 text of a chip-card QR exactly', async () => {
    expect(await decodePixels(render(CARD))).toBe(CARD);
  });

  it('reads a light-on-dark code only when asked to be thorough', async () => {
    const inverted = render(CARD, { invert: true });
    expect(await decodePixels(inverted, true)).toBe(CARD);
    expect(await decodePixels(inverted, false)).toBeNull();
  });

  it('returns null for an image with no code in it', async () => {
    const width = 200;
    const data = new Uint8ClampedArray(width * width * 4);
    let seed = 7;
    for (let i = 0; i < data.length; i += 4) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const v = seed % 256;
      data.set([v, v, v, 255], i);
    }
    expect(await decodePixels({ data, width, height: width })).toBeNull();
  });
});

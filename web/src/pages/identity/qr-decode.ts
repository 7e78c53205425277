import { fitWithin } from './cccd-text.js';

/**
 * QR decoding in the browser (UX.md §9): the native BarcodeDetector where the platform has one (Android
 * Chrome, macOS), otherwise jsQR, a pure-JS decoder loaded with import() only when first needed, so it is
 * never part of the first load. Nothing is fetched from elsewhere and the image never leaves the device:
 * only the decoded text is sent to the server.
 */

export interface Pixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: ImageBitmapSource): Promise<DetectedBarcode[]>;
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

let native: Promise<BarcodeDetectorLike | null> | undefined;

/** The platform's QR detector, or null (missing, or present without QR support as on some desktops). */
function nativeDetector(): Promise<BarcodeDetectorLike | null> {
  native ??= (async () => {
    const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
    if (!Detector) return null;
    try {
      const formats = await Detector.getSupportedFormats();
      return formats.includes('qr_code') ? new Detector({ formats: ['qr_code'] }) : null;
    } catch {
      return null;
    }
  })();
  return native;
}

async function nativeDecode(source: ImageBitmapSource): Promise<string | null> {
  const detector = await nativeDetector();
  if (!detector) return null;
  try {
    const [first] = await detector.detect(source);
    return first?.rawValue || null;
  } catch {
    // A detector that fails on this image (a platform bug, a frame not ready) leaves the JS decoder to try.
    return null;
  }
}

type JsQr = (
  data: Uint8ClampedArray,
  width: number,
  height: number,
  options: { inversionAttempts: 'attemptBoth' | 'dontInvert' },
) => { data: string } | null;
let jsQr: Promise<JsQr> | undefined;

function loadJsQr(): Promise<JsQr> {
  // jsQR is CommonJS: its function is the default export or, through some interop layers, its `default`.
  jsQr ??= import('jsqr').then((m) => {
    const exported = m.default as unknown;
    return (typeof exported === 'function' ? exported : (exported as { default: JsQr }).default) as JsQr;
  });
  return jsQr;
}

/**
 * Decodes RGBA pixels with jsQR. `thorough` also tries the inverted image (light code on dark ground),
 * which doubles the work: right for one photo, too slow for every camera frame on a low-end phone.
 */
export async function decodePixels(pixels: Pixels, thorough = true): Promise<string | null> {
  const decode = await loadJsQr();
  const result = decode(pixels.data, pixels.width, pixels.height, {
    inversionAttempts: thorough ? 'attemptBoth' : 'dontInvert',
  });
  return result?.data || null;
}

function pixelsOf(source: CanvasImageSource, width: number, height: number, max: number): Pixels | null {
  const size = fitWithin(width, height, max);
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return null;
  context.drawImage(source, 0, 0, size.width, size.height);
  return {
    data: context.getImageData(0, 0, size.width, size.height).data,
    width: size.width,
    height: size.height,
  };
}

/** Why a photo gave no text: not an image the browser can open, or an image with no readable QR. */
export class PhotoUnreadable extends Error {
  constructor(readonly reason: 'not-an-image' | 'no-qr') {
    super(reason);
    this.name = 'PhotoUnreadable';
  }
}

/**
 * Sizes tried for a photo with jsQR: phone photos are 12 MP or more, far too slow to scan whole on a
 * low-end phone, while a card photographed from afar needs more pixels; so small first, then larger.
 */
const PHOTO_SIZES = [1200, 2400];

/** The text of the QR in a photo the citizen took or chose; throws PhotoUnreadable when there is none. */
export async function decodePhoto(file: Blob): Promise<string> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new PhotoUnreadable('not-an-image');
  }
  try {
    const fromNative = await nativeDecode(bitmap);
    if (fromNative) return fromNative;
    for (const max of PHOTO_SIZES) {
      const pixels = pixelsOf(bitmap, bitmap.width, bitmap.height, max);
      const text = pixels && (await decodePixels(pixels));
      if (text) return text;
      if (Math.max(bitmap.width, bitmap.height) <= max) break;
    }
    throw new PhotoUnreadable('no-qr');
  } finally {
    bitmap.close();
  }
}

/** One camera frame: the text of a QR in view, or null. Frames are scaled down so each try stays quick. */
export async function decodeFrame(video: HTMLVideoElement): Promise<string | null> {
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || !video.videoWidth) return null;
  // Where the platform decodes natively it is both faster and better than jsQR on every frame.
  if (await nativeDetector()) return nativeDecode(video);
  const pixels = pixelsOf(video, video.videoWidth, video.videoHeight, 960);
  return pixels ? decodePixels(pixels, false) : null;
}

/** Starts loading the JS decoder early (when the scan step shows), so the first try does not wait for it. */
export function preloadDecoder(): void {
  void nativeDetector().then((detector) => {
    if (!detector) void loadJsQr();
  });
}

import { type ChangeEvent, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { decodeFrame, decodePhoto, PhotoUnreadable, preloadDecoder } from './qr-decode.js';
import './cccd.css';

type CameraFailure = 'denied' | 'no-camera' | 'failed';

type Status =
  | { kind: 'idle' }
  | { kind: 'camera-starting' }
  | { kind: 'scanning' }
  | { kind: 'camera-error'; reason: CameraFailure }
  | { kind: 'reading-photo' }
  | { kind: 'photo-error'; reason: 'not-an-image' | 'no-qr' };

/** A camera that has shown no code for this long gets the same tips as a photo without one. */
const SLOW_SCAN_MS = 20_000;
const FRAME_INTERVAL_MS = 200;

function cameraFailure(error: unknown): CameraFailure {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'no-camera';
  return 'failed';
}

function canUseCamera(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function';
}

interface Props {
  /** Unique on the page; prefixes the ids of the inputs. */
  id: string;
  /** Called with the decoded text of the QR; the reader stops and waits for the next action. */
  onText: (text: string) => void;
  /** What to offer when a code cannot be read (e.g. the counter option). */
  alternative?: ReactNode;
}

/**
 * Reads a QR code in the browser, by camera (getUserMedia) or from a photo taken or chosen (UX.md §8–9).
 * The image never leaves the device. Failures say what happened and how to do better.
 */
export function QrReader({ id, onText, alternative }: Props) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [slow, setSlow] = useState(false);
  const [cameraAvailable] = useState(canUseCamera);
  const videoRef = useRef<HTMLVideoElement>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const captureRef = useRef<HTMLInputElement>(null);
  const chooseRef = useRef<HTMLInputElement>(null);
  // Each camera start gets a number; a start or a frame loop from an older one stops itself.
  const runRef = useRef(0);
  const onTextRef = useRef(onText);
  onTextRef.current = onText;

  const stopCamera = useCallback(() => {
    runRef.current += 1;
    for (const track of streamRef.current?.getTracks() ?? []) track.stop();
    streamRef.current = null;
    if (videoRef.current) videoRef.current.srcObject = null;
  }, []);

  useEffect(() => {
    preloadDecoder();
    // The camera is released when the page goes to the background or away, never left running.
    const onHidden = () => {
      if (document.visibilityState === 'hidden' && streamRef.current) {
        stopCamera();
        setStatus({ kind: 'idle' });
      }
    };
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      document.removeEventListener('visibilitychange', onHidden);
      stopCamera();
    };
  }, [stopCamera]);

  const startCamera = async () => {
    stopCamera();
    const run = runRef.current;
    setSlow(false);
    setStatus({ kind: 'camera-starting' });
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
        audio: false,
      });
    } catch (error) {
      if (run === runRef.current) setStatus({ kind: 'camera-error', reason: cameraFailure(error) });
      return;
    }
    if (run !== runRef.current) {
      for (const track of stream.getTracks()) track.stop();
      return;
    }
    streamRef.current = stream;
    setStatus({ kind: 'scanning' });
  };

  const scanning = status.kind === 'scanning';
  useEffect(() => {
    const video = videoRef.current;
    const stream = streamRef.current;
    if (!scanning || !video || !stream) return;
    const run = runRef.current;
    const startedAt = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    video.srcObject = stream;
    video.play().catch(() => undefined);
    const tick = async () => {
      const text = await decodeFrame(video).catch(() => null);
      if (run !== runRef.current) return;
      if (text) {
        stopCamera();
        setStatus({ kind: 'idle' });
        onTextRef.current(text);
        return;
      }
      if (Date.now() - startedAt > SLOW_SCAN_MS) setSlow(true);
      timer = setTimeout(() => void tick(), FRAME_INTERVAL_MS);
    };
    timer = setTimeout(() => void tick(), FRAME_INTERVAL_MS);
    return () => clearTimeout(timer);
  }, [scanning, stopCamera]);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    // Cleared so that choosing the same photo again (after better light, say) fires again.
    input.value = '';
    if (!file) return;
    stopCamera();
    setStatus({ kind: 'reading-photo' });
    try {
      const text = await decodePhoto(file);
      setStatus({ kind: 'idle' });
      onTextRef.current(text);
    } catch (error) {
      if (!(error instanceof PhotoUnreadable)) throw error;
      setStatus({ kind: 'photo-error', reason: error.reason });
    }
  };

  const live =
    status.kind === 'camera-starting'
      ? t('identityVerify.reader.starting')
      : status.kind === 'scanning'
        ? t('identityVerify.reader.scanning')
        : status.kind === 'reading-photo'
          ? t('identityVerify.reader.readingPhoto')
          : '';

  return (
    <div className="qr-reader">
      <div className="actions">
        {cameraAvailable && (
          <button
            type="button"
            className="button"
            aria-disabled={status.kind === 'camera-starting' || scanning || undefined}
            onClick={() => {
              if (status.kind !== 'camera-starting' && !scanning) void startCamera();
            }}
          >
            {t('identityVerify.reader.scanWithCamera')}
          </button>
        )}
        <button
          id={`${id}-take`}
          type="button"
          className="button button--secondary"
          onClick={() => captureRef.current?.click()}
        >
          {t('identityVerify.reader.takePhoto')}
        </button>
        <button type="button" className="button button--secondary" onClick={() => chooseRef.current?.click()}>
          {t('identityVerify.reader.choosePhoto')}
        </button>
      </div>
      <p className="field__hint">{t('identityVerify.reader.hint')}</p>
      <input
        ref={captureRef}
        id={`${id}-capture`}
        type="file"
        accept="image/*"
        capture="environment"
        hidden
        onChange={(event) => void onFile(event)}
      />
      <input
        ref={chooseRef}
        id={`${id}-choose`}
        type="file"
        accept="image/*"
        hidden
        onChange={(event) => void onFile(event)}
      />

      {(scanning || status.kind === 'camera-starting') && (
        <div className="qr-reader__camera">
          <p>{t('identityVerify.reader.aim')}</p>
          <div className="qr-reader__viewport">
            <video
              ref={videoRef}
              className="qr-reader__video"
              muted
              playsInline
              aria-label={t('identityVerify.reader.videoLabel')}
            />
            <div className="qr-reader__frame" aria-hidden="true" />
          </div>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              stopCamera();
              setStatus({ kind: 'idle' });
            }}
          >
            {t('identityVerify.reader.stop')}
          </button>
        </div>
      )}

      <p className="qr-reader__status" aria-live="polite">
        {live}
      </p>

      {status.kind === 'camera-error' && (
        <ReaderProblem
          title={t(`identityVerify.reader.cameraProblem.${status.reason}.title`)}
          alternative={alternative}
        >
          <p>{t(`identityVerify.reader.cameraProblem.${status.reason}.body`)}</p>
        </ReaderProblem>
      )}
      {status.kind === 'photo-error' && status.reason === 'not-an-image' && (
        <ReaderProblem title={t('identityVerify.reader.notImage.title')} alternative={alternative}>
          <p>{t('identityVerify.reader.notImage.body')}</p>
        </ReaderProblem>
      )}
      {((status.kind === 'photo-error' && status.reason === 'no-qr') || (scanning && slow)) && (
        <ReaderProblem
          title={t(scanning ? 'identityVerify.reader.slowTitle' : 'identityVerify.reader.noQrTitle')}
          alternative={alternative}
        >
          <Tips />
        </ReaderProblem>
      )}
    </div>
  );
}

function Tips() {
  const { t } = useTranslation();
  return (
    <>
      <p>{t('identityVerify.reader.tipsIntro')}</p>
      <ul>
        <li>{t('identityVerify.reader.tipCloser')}</li>
        <li>{t('identityVerify.reader.tipLight')}</li>
        <li>{t('identityVerify.reader.tipSteady')}</li>
      </ul>
    </>
  );
}

function ReaderProblem({
  title,
  alternative,
  children,
}: {
  title: string;
  alternative: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="notice notice--problem" role="alert">
      <p className="notice__title">{title}</p>
      {children}
      {alternative}
    </div>
  );
}

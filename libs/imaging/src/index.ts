export * from './errors';
export { initImagingCodecs, decodeFrame, encodeFrame } from './codecs';
export type { DecodedFrame } from './codecs';
export { checkFrameNumbers, encapsulatedFrames, nativeFrame } from './frames';
export { ImagingTag, readPixelModule, frameBytes, nativeBytes } from './pixel-module';
export type { PixelModule } from './pixel-module';
export { hasPixels, renderFrame } from './render';
export type { RenderedMediaType, RenderOptions } from './render';
export {
  DECODERS,
  frameMediaType,
  isDecodableSyntax,
  isNativeSyntax,
  LOSSLESS_ENCODERS,
  LOSSY_SYNTAXES,
  NATIVE_SYNTAXES,
} from './syntaxes';
export { encodeLossless, toNative, transcodeParsed, transcodePart10, transcodeTargets } from './transcode';
export type { TranscodeLimits } from './transcode';
export type { VoiFunction, Window } from './voi';

/**
 * A spec's picture (issue 19): WebP with a JPEG fallback, lazy, at a fixed size so nothing moves when it arrives.
 * Without a picture, an empty box of the same size keeps the line's layout.
 */
import { pictureUrl } from '~/domain/showcase/pictures';

export function SpecPicture({ webp, jpeg, alt, size, width, height }: { webp: string | null; jpeg: string | null; alt: string; size?: number; width?: number; height?: number }) {
  const w = width ?? size ?? 48;
  const h = height ?? size ?? 48;
  if (!webp || !jpeg) return <span className="spec-picture empty" style={{ width: w, height: h }} aria-hidden="true" />;
  return (
    <picture className="spec-picture">
      <source srcSet={pictureUrl(webp)} type="image/webp" />
      <img src={pictureUrl(jpeg)} alt={alt} width={w} height={h} loading="lazy" decoding="async" />
    </picture>
  );
}

/**
 * A cheap torso phantom in stored values (HU + 1024, RescaleIntercept -1024): air, a soft-tissue
 * body ellipse (~40 HU), two lungs (-800 HU) that shrink towards the ends, a spine (700 HU).
 * Enough structure for thresholding and segmentation smoke tests.
 */
const HU = { air: -1000, body: 40, lung: -800, bone: 700 } as const;

export function ctPhantomSlice(rows: number, cols: number, t: number): Buffer {
  const buf = Buffer.alloc(rows * cols * 2);
  const lungScale = Math.max(0, Math.sin(Math.PI * Math.min(1, Math.max(0, t))));
  const cx = cols / 2;
  const cy = rows / 2;
  const bodyA = cols * 0.42;
  const bodyB = rows * 0.3;
  const lungA = cols * 0.12 * lungScale;
  const lungB = rows * 0.18 * lungScale;
  const spineR = Math.min(rows, cols) * 0.04;
  for (let y = 0; y < rows; y++) {
    const dy = y - cy;
    for (let x = 0; x < cols; x++) {
      const dx = x - cx;
      let hu: number = HU.air;
      if ((dx * dx) / (bodyA * bodyA) + (dy * dy) / (bodyB * bodyB) <= 1) {
        hu = HU.body;
        const lx = Math.abs(dx) - cols * 0.17;
        if (lungA > 0 && (lx * lx) / (lungA * lungA) + (dy + rows * 0.03) ** 2 / (lungB * lungB) <= 1) hu = HU.lung;
        const sy = dy - bodyB * 0.7;
        if (dx * dx + sy * sy <= spineR * spineR) hu = HU.bone;
      }
      buf.writeInt16LE(hu + 1024, (y * cols + x) * 2);
    }
  }
  return buf;
}

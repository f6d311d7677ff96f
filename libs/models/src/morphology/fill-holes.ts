import { floodFill } from './flood';
import { assertMask, Connectivity, Dims, IndexList, Mask } from './grid';

/** Marks (as 2) the background of `work` connected to the grid border. */
function floodBorder(work: Uint8Array, dims: Dims, conn: Connectivity, list: IndexList): void {
  const [nx, ny, nz] = dims;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      // A single slice has no k faces: only its rim is border.
      const edgeRow = j === 0 || j === ny - 1 || (nz > 1 && (k === 0 || k === nz - 1));
      for (let i = 0; i < nx; i += edgeRow || i === nx - 1 ? 1 : Math.max(1, nx - 1)) {
        const v = i + nx * (j + ny * k);
        if (work[v] === 0) floodFill(work, dims, v, 0, 2, conn, list);
      }
    }
  }
}

/**
 * Fills background regions not connected to the grid border. With `slicewise` each k-slice is
 * filled on its own (4-connected background), which closes the lungs and bowel inside an axial
 * body outline even where the airway reaches the edge of the volume further up.
 */
export function fillHoles(mask: Mask, dims: Dims, slicewise = true): Mask {
  assertMask(mask, dims);
  const list = new IndexList();
  const work = mask.slice();
  if (slicewise) {
    const plane = dims[0] * dims[1];
    const sliceDims: Dims = [dims[0], dims[1], 1];
    for (let k = 0; k < dims[2]; k++) floodBorder(work.subarray(k * plane, (k + 1) * plane), sliceDims, 6, list);
  } else {
    floodBorder(work, dims, 6, list);
  }
  for (let v = 0; v < work.length; v++) work[v] = work[v] === 2 ? 0 : 1;
  return work;
}

/** Background voxels (0) connected in 3-D to the grid border: "outside air" for a body mask. */
export function outsideMask(mask: Mask, dims: Dims): Mask {
  assertMask(mask, dims);
  const work = mask.slice();
  floodBorder(work, dims, 6, new IndexList());
  for (let v = 0; v < work.length; v++) work[v] = work[v] === 2 ? 1 : 0;
  return work;
}

/** Writer thread of DurableWritePool: runs writeDurableSync and reports errno codes back. */
import { parentPort } from 'node:worker_threads';
import { realSyncOps, writeDurableSync } from './durable-write';

export interface WriteRequest {
  id: number;
  root: string;
  tmp: string;
  path: string;
  chunks: Uint8Array[];
}

export interface WriteReply {
  id: number;
  error?: { message: string; code?: string };
}

const knownDirs = new Set<string>();

parentPort!.on('message', (req: WriteRequest) => {
  let reply: WriteReply = { id: req.id };
  try {
    writeDurableSync(realSyncOps, req.root, req.tmp, req.path, req.chunks, knownDirs);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    reply = { id: req.id, error: { message: err.message, code: err.code } };
  }
  parentPort!.postMessage(reply);
});

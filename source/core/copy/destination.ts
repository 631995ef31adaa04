import type { Manifest } from '../set/manifest.js';

/**
 * Where `copy` sends a set: another folder, a folder over SSH, or an S3 prefix. Each keeps sets the
 * way a backup folder does (`<dest>/<set name>/<files>`), so what arrives there can be listed,
 * verified and restored like any set once it is back on a disk.
 */
export interface SetDestination {
  /** The destination as the operator wrote it; it never holds a secret. */
  readonly label: string;
  /** The sets there named like sets: complete ones (their manifest arrived last) with that manifest. */
  listSets(signal: AbortSignal): Promise<FarSet[]>;
  /**
   * Puts one file of a set there, going on from what an interrupted copy left, and proves the far end
   * holds exactly `file.bytes` bytes hashing to `file.sha256`: or throws. Until `commit`, nothing of
   * the set looks complete there.
   */
  putFile(setName: string, file: SetFileToCopy, onProgress: (sent: number) => void, signal: AbortSignal): Promise<PutOutcome>;
  /** Puts the manifest, proven like any file, and only then makes the set appear complete. */
  commit(setName: string, manifest: SetFileToCopy, signal: AbortSignal): Promise<void>;
  /** Removes a set there (retention): its name has been checked to look like a set's. */
  removeSet(setName: string, signal: AbortSignal): Promise<void>;
  /** The files of a complete set there that are missing or differ from these (a set said to be there already is checked, never trusted). */
  differingFiles(setName: string, files: readonly SetFileToCopy[], signal: AbortSignal): Promise<string[]>;
}

export interface FarSet {
  readonly name: string;
  /** Present when the set is complete there and its manifest parses. */
  readonly manifest?: Manifest;
  /** sha256 of the manifest file there: equal to ours means the same set is already there. */
  readonly manifestSha256?: string;
  /** Something of that name is there that is not a complete set nbbackup can read: never copied over. */
  readonly occupied?: boolean;
}

export interface SetFileToCopy {
  /** Plain file name inside the set (checked by the manifest schema). */
  readonly name: string;
  /** The local file. */
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface PutOutcome {
  /** Bytes that were already there from an earlier, interrupted copy and were not sent again. */
  readonly resumedFrom: number;
}

/** A far manifest larger than this is not one nbbackup wrote. */
export const FAR_MANIFEST_MAX_BYTES = 4 * 1024 * 1024;

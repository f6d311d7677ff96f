import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { builtinAlgorithms, getBuiltin } from '../builtin/registry';
import { ModelError } from '../errors';
import { loadModelPackage, type ModelPackage } from '../manifest/manifest.load';

export interface RegistryProblem {
  dir: string;
  code: string;
  message: string;
}

/**
 * The models a process can run: the built-ins, plus every folder of MODELS_DIR holding a
 * manifest.json. A broken package is reported and skipped, so one bad import does not take the
 * other models down; a package may not shadow a built-in id.
 */
export class ModelRegistry {
  private constructor(
    private readonly packages: ReadonlyMap<string, ModelPackage>,
    readonly problems: readonly RegistryProblem[],
  ) {}

  static load(modelsDir?: string): ModelRegistry {
    const packages = new Map<string, ModelPackage>();
    for (const alg of builtinAlgorithms())
      packages.set(getBuiltin(alg).manifest.id, { dir: '', manifest: getBuiltin(alg).manifest });
    const problems: RegistryProblem[] = [];
    for (const dir of packageDirs(modelsDir)) {
      try {
        const pkg = loadModelPackage(dir);
        if (packages.has(pkg.manifest.id))
          throw new ModelError('models/invalid-manifest', `model id ${pkg.manifest.id} is already taken`);
        packages.set(pkg.manifest.id, pkg);
      } catch (e) {
        const err = e as ModelError;
        problems.push({ dir, code: err.code ?? 'models/invalid-manifest', message: err.message });
      }
    }
    return new ModelRegistry(packages, problems);
  }

  ids(): string[] {
    return [...this.packages.keys()].sort();
  }

  has(id: string): boolean {
    return this.packages.has(id);
  }

  get(id: string): ModelPackage {
    const pkg = this.packages.get(id);
    if (!pkg)
      throw new ModelError('models/unknown-model', `no model "${id}" is installed (have: ${this.ids().join(', ')})`);
    return pkg;
  }
}

function packageDirs(modelsDir: string | undefined): string[] {
  if (!modelsDir) return [];
  let names: string[];
  try {
    names = readdirSync(modelsDir);
  } catch {
    return []; // an absent MODELS_DIR means "built-ins only"
  }
  return names
    .map((n) => join(modelsDir, n))
    .filter((d) => {
      try {
        return statSync(d).isDirectory() && statSync(join(d, 'manifest.json')).isFile();
      } catch {
        return false;
      }
    })
    .sort();
}

export {
  RULES,
  findViolations,
  formatViolation,
  type BoundaryRule,
  type GraphLike,
  type Violation,
} from './boundaries.js';
export {
  LOADTEST_LAYERS,
  checkWorkspaceImports,
  findImportCircles,
  findUpwardImports,
  importGraph,
  type Layer,
  type LayeredTree,
  type UpwardImport,
} from './layer-imports.js';

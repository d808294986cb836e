export {
  RULES,
  findViolations,
  formatViolation,
  type BoundaryRule,
  type GraphLike,
  type Violation,
} from './boundaries.js';

export {
  createJobQueue,
  type DeadLetter,
  type JobQueue,
  type JobQueueOptions,
  type QueueCounts,
} from './queue.js';
export { startJobWorker, type JobInfo, type JobWorker, type JobWorkerOptions } from './worker.js';

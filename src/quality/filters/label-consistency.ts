/**
 * Label consistency: a teacher classifier trained on the real training data must still give a
 * synthetic sample its label, with at least `minConfidence` probability (the filtering step of
 * e.g. Anaby-Tavor et al. 2020, "Do Not Have Enough Data? Deep Learning to the Rescue!").
 */
import type { ClassifierConfigInput } from '../../config/classifier.js';
import { trainTextClassifier, type TextClassifier } from '../../models/text/text-classifier.js';
import type { TextSample } from '../../types.js';
import { recordVerdict, type FilterOutcome, type SampleFilter } from './sample-filter.js';

/** Options of {@link labelConsistencyFilter}. */
export interface LabelConsistencyOptions {
  name?: string;
  /** A trained teacher; default one trained on the labelled real samples of the context. */
  teacher?: TextClassifier;
  /** Settings for the teacher trained here; its seed defaults to the context's seed. */
  teacherConfig?: ClassifierConfigInput;
  /** Lowest teacher probability of the sample's label that is kept; default 0.5. */
  minConfidence?: number;
}

/** Keeps samples the teacher labels as their label with probability >= `minConfidence`; unlabelled samples are dropped. */
export function labelConsistencyFilter(options: LabelConsistencyOptions = {}): SampleFilter<TextSample> {
  const name = options.name ?? 'filter/label-consistency';
  const minConfidence = options.minConfidence ?? 0.5;
  return {
    name,
    async apply(samples, context) {
      const teacher =
        options.teacher ??
        trainTextClassifier(
          context.real.filter((sample) => sample.label !== undefined).map((sample) => ({ text: sample.text, label: sample.label as string })),
          { seed: context.seed, ...options.teacherConfig },
        );
      const labelIndex = new Map(teacher.labels.map((label, i) => [label, i]));
      const outcome: FilterOutcome<TextSample> = { kept: [], dropped: [] };
      for (const sample of samples) {
        const label = sample.sample.label;
        const index = label === undefined ? undefined : labelIndex.get(label);
        if (index === undefined) {
          recordVerdict(sample, { filter: name, kept: false, reason: label === undefined ? 'no label' : `label "${label}" unknown to the teacher` }, outcome);
          continue;
        }
        const probabilities = teacher.predictProbabilities(sample.sample.text);
        let best = 0;
        for (let i = 1; i < probabilities.length; i++) if (probabilities[i] > probabilities[best]) best = i;
        const confidence = probabilities[index];
        if (best !== index) {
          recordVerdict(sample, { filter: name, kept: false, reason: `teacher predicts "${teacher.labels[best]}" (${probabilities[best].toFixed(3)}), not "${label}" (${confidence.toFixed(3)})`, score: confidence }, outcome);
        } else if (confidence < minConfidence) {
          recordVerdict(sample, { filter: name, kept: false, reason: `teacher confidence ${confidence.toFixed(3)} for "${label}" < ${minConfidence}`, score: confidence }, outcome);
        } else {
          recordVerdict(sample, { filter: name, kept: true, score: confidence }, outcome);
        }
      }
      return outcome;
    },
  };
}

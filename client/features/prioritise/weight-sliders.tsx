import { Slider } from '../../ui/slider';
import type { WeightNode } from './model-weights';

export interface WeightSlidersProps {
  nodes: readonly WeightNode[];
  weightOf: (id: string) => number;
  labelOf: (node: WeightNode) => string;
  /** "Weight of Exposure", read aloud with the slider. */
  sliderLabel: (label: string) => string;
  formatWeight: (w: number) => string;
  /** Said under a node whose weight changes nothing (a sole child). */
  soleChildNote: string;
  onChange: (id: string, weight: number) => void;
}

/** 0 leaves a node out; 5 is five times a sibling at 1. Arrow keys step by 0.1, Page keys by 1. */
export const WEIGHT_MAX = 5;
export const WEIGHT_STEP = 0.1;

/** A labelled slider per node of the model, indented as the tree is. */
export function WeightSliders({ nodes, weightOf, labelOf, sliderLabel, formatWeight, soleChildNote, onChange }: WeightSlidersProps) {
  return (
    <ul className="prioritise-weights">
      {nodes.map((node) => {
        const label = labelOf(node);
        const weight = weightOf(node.id);
        return (
          <li key={node.id} className="prioritise-weights__node" style={{ ['--depth' as string]: node.depth - 1 }} data-node={node.id}>
            {node.weighed ? (
              <Slider
                label={sliderLabel(label)}
                value={weight}
                min={0}
                max={Math.max(WEIGHT_MAX, weight)}
                step={WEIGHT_STEP}
                valueText={formatWeight(weight)}
                onChange={(w) => onChange(node.id, Math.round(w * 10) / 10)}
              />
            ) : (
              <p className="prioritise-weights__sole">
                <span>{label}</span> <span className="prioritise-muted">{soleChildNote}</span>
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}

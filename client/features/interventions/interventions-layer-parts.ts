// What the interventions layer needs beyond the shell's bundle (turf's circle, the palette, the
// domain's statuses): loaded when the layer is first shown.
export { buildInterventionFeatures, needsGeometry } from './intervention-features';
export { interventionColour } from './intervention-colours';
export { createInterventionsLayer } from '../../map/layers/interventions';

/** One area of one boundary set, as the profile, the drill-down and the URL name it. */
export interface AreaRef {
  setId: string;
  code: string;
}

/** An area to open, with the box to fly to when it is known ([west, south, east, north]). */
export interface AreaTarget extends AreaRef {
  bbox?: [number, number, number, number];
}

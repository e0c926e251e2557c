"""Performance management: self-evaluation scoring (绩效自评) of project indicators."""

// One article for the tests that replay 3 December 2026 (send --at, the plan):
// published before that day's cut-off, so it is that day's issue.
export const TRAM_ARTICLE = `---
title: The Harbour Line opens
outlet: River Post
url: https://riverpost.example/tram
published: 2026-12-03T04:00:00Z
---
The Harbour Line tram carried its first passengers on Thursday. The line links the station with the ferry pier in eleven minutes. Fares match the buses.
`;

/** The same line's opening, for the tests that send the issue of 20 November 2026. */
export const NOV20_TRAM_ARTICLE = `---
title: The Harbour Line opens
outlet: River Post
url: https://riverpost.example/tram
published: 2026-11-20T06:00:00Z
---
The Harbour Line tram carried its first passengers on Friday. The line links the station with the ferry pier in eleven minutes.
`;

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

/** The rule ids of `PavedRoadChecks`, in the order they are applied. @internal */
export const PAVED_ROAD_RULE_IDS = [
  'PavedRoad-OwnerTag', 'PavedRoad-LogRetention', 'PavedRoad-StatefulRetained', 'PavedRoad-PreviewExpiry',
  'PavedRoad-OpenIngress', 'PavedRoad-DataNotPublic', 'PavedRoad-ProdHttps', 'PavedRoad-LambdaFailureHandling',
  'PavedRoad-FargateSpotArchitecture',
];

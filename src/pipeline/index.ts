// exports of src/pipeline are added here as the construct lands
export {};

// exports of src/service are added here as the construct lands
export {};

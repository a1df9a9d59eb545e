// exports of src/cache are added here as the construct lands
export {};

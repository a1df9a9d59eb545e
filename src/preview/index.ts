// exports of src/preview are added here as the construct lands
export {};

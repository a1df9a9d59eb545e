// exports of src/database are added here as the construct lands
export {};

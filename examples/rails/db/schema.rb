# This file is auto-generated from the current state of the database. Instead
# of editing this file, please use the migrations feature of Active Record to
# incrementally modify your database, and then regenerate this schema definition.
#
# This file is the source Rails uses to define your schema when running `bin/rails
# db:schema:load`. When creating a new database, `bin/rails db:schema:load` tends to
# be faster and is potentially less error prone than running all of your
# migrations from scratch. Old migrations may fail to apply correctly if those
# migrations use external dependencies or application code.
#
# It's strongly recommended that you check this file into your version control system.

ActiveRecord::Schema.define(version: 2024_06_01_000000) do

  create_table "zcrmsdk_oauth_tokens", force: :cascade do |t|
    t.string "user_identifier", null: false
    t.text "refresh_token"
    t.text "access_token"
    t.bigint "expiry_time"
    t.string "api_domain"
    t.string "accounts_server"
    t.datetime "created_at", precision: 6, null: false
    t.datetime "updated_at", precision: 6, null: false
    t.index ["user_identifier"], name: "index_zcrmsdk_oauth_tokens_on_user_identifier", unique: true
  end

end
